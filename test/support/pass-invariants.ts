import { database } from '../../cloudfunctions/shared/cloudbase';
import type { AccountDocument, PassDocument, PersonDocument } from '../../cloudfunctions/shared/domain/pass';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';

/** Every document of a collection (tests keep well under the limit). */
export async function documentsOf<T>(collection: string): Promise<T[]> {
  return (await database().collection(collection).limit(1000).get()).data as T[];
}

/** One pass per person and one per account: every lock document points at its pass, and the pass points back. */
export async function expectOnePassPerPersonAndAccount(): Promise<void> {
  const passes = await documentsOf<PassDocument>(COLLECTIONS.passes);
  const persons = await documentsOf<PersonDocument>(COLLECTIONS.persons);
  const accounts = await documentsOf<AccountDocument>(COLLECTIONS.accounts);
  const byId = new Map(passes.map((pass) => [pass._id, pass]));
  expect(persons).toHaveLength(passes.length);
  for (const person of persons) expect(byId.get(person.passId)?.personKey).toBe(person._id);
  for (const account of accounts) expect(byId.get(account.passId)?.openid).toBe(account._id);
  expect(accounts).toHaveLength(passes.filter((pass) => pass.openid !== null).length);
}
