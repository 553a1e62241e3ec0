import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import ReportDialog from './ReportDialog.vue';

const mounted: { unmount(): void }[] = [];
afterEach(() => mounted.splice(0).forEach((wrapper) => wrapper.unmount()));

async function dialog(props: Partial<InstanceType<typeof ReportDialog>['$props']> = {}) {
  const wrapper = mount(ReportDialog, {
    attachTo: document.body,
    props: {
      open: true,
      title: "Report grace_h's message",
      quote: 'buy now',
      pending: false,
      error: null,
      sent: false,
      ...props,
    },
  });
  mounted.push(wrapper);
  await nextTick();
  await nextTick();
  return wrapper;
}

describe('the report dialog', () => {
  it('is a labelled modal with a reason radio group and the reported words', async () => {
    const wrapper = await dialog();
    const panel = wrapper.find('[role="dialog"]');
    expect(panel.attributes('aria-modal')).toBe('true');
    const titleId = panel.attributes('aria-labelledby');
    expect(wrapper.find(`#${titleId}`).text()).toBe("Report grace_h's message");
    expect(wrapper.find('blockquote').text()).toBe('buy now');
    expect(wrapper.find('legend').text()).toBe('Why are you reporting?');
    const radios = wrapper.findAll('input[type="radio"]');
    expect(radios.map((radio) => radio.attributes('value'))).toEqual(['spam', 'harassment', 'other']);
    expect(radios.every((radio) => radio.element.closest('label') !== null)).toBe(true);
    // Focus starts inside, on the first radio.
    expect(document.activeElement).toBe(radios[0]?.element);
    const textId = wrapper.find('textarea').attributes('id');
    expect(wrapper.find(`label[for="${textId}"]`).text()).toContain('What happened?');
  });

  it('asks for a reason, and for words when it is "other", before sending', async () => {
    const wrapper = await dialog();
    await wrapper.find('form').trigger('submit');
    expect(wrapper.text()).toContain('Choose a reason');
    expect(wrapper.emitted('submit')).toBeUndefined();

    await wrapper.find('input[value="other"]').setValue(true);
    await wrapper.find('form').trigger('submit');
    expect(wrapper.find('textarea').attributes('aria-invalid')).toBe('true');
    expect(wrapper.text()).toContain('Say what happened');
    expect(wrapper.emitted('submit')).toBeUndefined();

    await wrapper.find('textarea').setValue('  Keeps posting links  ');
    await wrapper.find('form').trigger('submit');
    expect(wrapper.emitted('submit')).toEqual([['other', 'Keeps posting links']]);
  });

  it('sends a reason alone, shows the error it gets, then the confirmation', async () => {
    const wrapper = await dialog();
    await wrapper.find('input[value="spam"]').setValue(true);
    await wrapper.find('form').trigger('submit');
    expect(wrapper.emitted('submit')).toEqual([['spam', undefined]]);

    await wrapper.setProps({ error: 'Busy right now: please try again in a moment' });
    expect(wrapper.find('[role="alert"]').text()).toBe('Busy right now: please try again in a moment');

    await wrapper.setProps({ error: null, sent: true });
    await nextTick();
    expect(wrapper.find('[role="status"]').text()).toContain('Thank you. Your report was sent');
    expect(wrapper.find('form').exists()).toBe(false);
    await wrapper
      .findAll('button')
      .find((button) => button.text() === 'Close')
      ?.trigger('click');
    expect(wrapper.emitted('close')).toHaveLength(1);
  });

  it('closes with Escape, but not while sending', async () => {
    const wrapper = await dialog({ pending: true });
    await wrapper.find('[role="dialog"]').trigger('keydown', { key: 'Escape' });
    expect(wrapper.emitted('close')).toBeUndefined();
    expect(wrapper.find('button[type="submit"]').text()).toBe('Sending…');
    await wrapper.setProps({ pending: false });
    await wrapper.find('[role="dialog"]').trigger('keydown', { key: 'Escape' });
    expect(wrapper.emitted('close')).toHaveLength(1);
  });
});
