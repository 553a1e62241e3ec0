import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import PasswordInput from './PasswordInput.vue';

describe('PasswordInput', () => {
  it('hides the password until the toggle is pressed, and hides it again', async () => {
    const wrapper = mount(PasswordInput, {
      props: { id: 'pw', modelValue: 'hunter22', autocomplete: 'current-password' },
    });
    const input = wrapper.find('input');
    const toggle = wrapper.find('button');

    expect(input.attributes('type')).toBe('password');
    expect(input.attributes('autocomplete')).toBe('current-password');
    expect(toggle.attributes('type')).toBe('button'); // never submits the form
    expect(toggle.attributes('aria-controls')).toBe('pw');
    expect(toggle.attributes('aria-pressed')).toBe('false');
    expect(toggle.attributes('aria-label')).toBe('Show password');

    await toggle.trigger('click');
    expect(input.attributes('type')).toBe('text');
    expect(toggle.attributes('aria-pressed')).toBe('true');
    expect(toggle.attributes('aria-label')).toBe('Hide password');
    expect((input.element as HTMLInputElement).value).toBe('hunter22');

    await toggle.trigger('click');
    expect(input.attributes('type')).toBe('password');
  });

  it('reports typing through v-model and marks itself invalid when told', async () => {
    const wrapper = mount(PasswordInput, {
      props: {
        id: 'pw',
        modelValue: '',
        invalid: true,
        describedBy: 'pw-error',
        'onUpdate:modelValue': (value: string) => wrapper.setProps({ modelValue: value }),
      },
    });
    await wrapper.find('input').setValue('s3cret!!');
    expect(wrapper.props('modelValue')).toBe('s3cret!!');
    expect(wrapper.find('input').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('input').attributes('aria-describedby')).toBe('pw-error');
  });
});
