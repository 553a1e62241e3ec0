import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import SafetyMenu from './SafetyMenu.vue';

const mounted: { unmount(): void }[] = [];
afterEach(() => mounted.splice(0).forEach((wrapper) => wrapper.unmount()));

function menu() {
  const wrapper = mount(SafetyMenu, {
    attachTo: document.body,
    props: {
      label: "Actions for grace_h's message at 10:02",
      items: [
        { id: 'report', label: 'Report message' },
        { id: 'block', label: 'Block grace_h' },
      ],
    },
  });
  mounted.push(wrapper);
  return wrapper;
}

const settle = async () => {
  await nextTick();
  await nextTick();
};

describe('the message actions menu', () => {
  it('is a labelled menu button that opens on click with its items', async () => {
    const wrapper = menu();
    const button = wrapper.find('button[aria-haspopup="menu"]');
    expect(button.attributes('aria-label')).toBe("Actions for grace_h's message at 10:02");
    expect(button.attributes('aria-expanded')).toBe('false');
    expect(wrapper.find('[role="menu"]').exists()).toBe(false);

    await button.trigger('click');
    await settle();
    expect(button.attributes('aria-expanded')).toBe('true');
    expect(wrapper.find('[role="menu"]').attributes('id')).toBe(button.attributes('aria-controls'));
    const items = wrapper.findAll('[role="menuitem"]');
    expect(items.map((item) => item.text())).toEqual(['Report message', 'Block grace_h']);
    expect(document.activeElement).toBe(items[0]?.element);
  });

  it('works from the keyboard: arrows move, Escape closes back to the button, an item is chosen', async () => {
    const wrapper = menu();
    const button = wrapper.find('button[aria-haspopup="menu"]');
    (button.element as HTMLButtonElement).focus();
    await button.trigger('keydown', { key: 'ArrowDown' });
    await settle();
    const items = () => wrapper.findAll('[role="menuitem"]');
    expect(document.activeElement).toBe(items()[0]?.element);
    await wrapper.find('[role="menu"]').trigger('keydown', { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items()[1]?.element);
    await wrapper.find('[role="menu"]').trigger('keydown', { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items()[0]?.element);
    await wrapper.find('[role="menu"]').trigger('keydown', { key: 'End' });
    expect(document.activeElement).toBe(items()[1]?.element);

    await wrapper.find('[role="menu"]').trigger('keydown', { key: 'Escape' });
    await settle();
    expect(wrapper.find('[role="menu"]').exists()).toBe(false);
    expect(document.activeElement).toBe(button.element);

    await button.trigger('keydown', { key: 'ArrowUp' });
    await settle();
    expect(document.activeElement).toBe(items()[1]?.element);
    // A menu item is a button: Enter and Space click it.
    await items()[1]?.trigger('click');
    await settle();
    expect(wrapper.emitted('select')).toEqual([['block']]);
    expect(wrapper.find('[role="menu"]').exists()).toBe(false);
    expect(document.activeElement).toBe(button.element);
  });
});
