import type { AccountView } from '../src/shared/contract';
import { S } from './strings';

export interface AccountScope {
  isAllAccounts: boolean;
  accountIds: string[];
}

/** "All accounts / only these accounts" with a checkbox per account: shared by trusted devices and schedules. */
export function AccountScopeFieldset({
  name,
  scope,
  accounts,
  onChange,
}: {
  /** The radio group's name, unique on the page. */
  name: string;
  scope: AccountScope;
  accounts: AccountView[];
  onChange: (change: Partial<AccountScope>) => void;
}) {
  return (
    <fieldset class="choice">
      <legend>{S.trusted.accounts}</legend>
      <label class="inline">
        <input
          type="radio"
          name={name}
          checked={scope.isAllAccounts}
          onChange={() => onChange({ isAllAccounts: true })}
        />{' '}
        {S.trusted.allAccounts}
      </label>
      <label class="inline">
        <input
          type="radio"
          name={name}
          checked={!scope.isAllAccounts}
          disabled={accounts.length === 0}
          onChange={() => onChange({ isAllAccounts: false })}
        />{' '}
        {S.trusted.someAccounts}
      </label>
      {accounts.length === 0 && <p class="muted small">{S.trusted.noAccountsYet}</p>}
      {!scope.isAllAccounts &&
        accounts.map((a) => (
          <label key={a.account.id} class="inline">
            <input
              type="checkbox"
              checked={scope.accountIds.includes(a.account.id)}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                const rest = scope.accountIds.filter((x) => x !== a.account.id);
                onChange({ accountIds: on ? [...rest, a.account.id] : rest });
              }}
            />{' '}
            {a.siteName} {a.account.hint}
          </label>
        ))}
    </fieldset>
  );
}
