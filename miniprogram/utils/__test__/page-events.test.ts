import { inputPatch, type FieldInput } from '../page-events';

function typed(field: string, value: string): FieldInput {
  return { currentTarget: { dataset: { field } }, detail: { value } } as unknown as FieldInput;
}

describe('inputPatch', () => {
  test('sets the field named in data-field and empties its error, where the page has one', () => {
    expect(inputPatch(typed('name', '张三'), { name: '', nameError: '请输入姓名' })).toEqual({ name: '张三', nameError: '' });
  });

  test('adds no error field a page does not have', () => {
    expect(inputPatch(typed('reason', '补卡'), { reason: '' })).toEqual({ reason: '补卡' });
  });
});
