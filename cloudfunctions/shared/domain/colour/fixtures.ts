/** Small rule set documents for the tests: valid as given, each test changes what it is about. */

/** A rule whose id says its colour and reason code: 'yellow.keyArea' is yellow with reason KEY_AREA. */
export function rule(id: string, logic: unknown): Record<string, unknown> {
  const [colour, name] = id.split('.');
  const code = name.replace(/[A-Z]/g, (capital) => `_${capital}`).toUpperCase();
  return { id, colour, reason: { code, zh: `原因 ${code}`, en: `reason ${code}` }, logic };
}

export function ruleSetDocument(changes: Record<string, unknown> = {}, rules: unknown[] = [rule('yellow.keyArea', true)]): Record<string, unknown> {
  return {
    id: 'test.set',
    version: 1,
    validFrom: '2025-01-01T00:00:00+08:00',
    description: { zh: '测试', en: 'test' },
    parameters: { yellowDays: 14, keyAreas: [{ region: '420100', from: '2026-01-01', to: '2026-02-15' }] },
    greenReason: { code: 'NO_RISK', zh: '未见异常', en: 'No risk' },
    rules,
    ...changes,
  };
}
