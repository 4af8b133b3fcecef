import { CALLED_MESSAGE } from './messages';
import { element } from './ui';

/**
 * The preview page around the phone: choose the WeChat identity the phone acts as (the seeded demo accounts, or
 * a new WeChat user who has never opened the app) and read the notifications recorded for it.
 */
interface Account {
  openid: string;
  label: string;
}

interface Notification {
  title: string;
  body: string;
  createdAt: number;
  deliveredAt: number | null;
}

const CHOSEN_KEY = 'tongxing-preview/shell/identity';
const NEW_USERS_KEY = 'tongxing-preview/shell/new-users';

const select = document.getElementById('identity') as HTMLSelectElement;
const openidText = document.getElementById('openid') as HTMLElement;
const phone = document.getElementById('phone') as HTMLIFrameElement;
const list = document.getElementById('notifications') as HTMLOListElement;

function newUsers(): Account[] {
  return JSON.parse(localStorage.getItem(NEW_USERS_KEY) ?? '[]') as Account[];
}

function showAccounts(accounts: readonly Account[], chosen: string): void {
  select.replaceChildren(...accounts.map((account) => new Option(account.label, account.openid, false, account.openid === chosen)));
}

/** Opens the mini-program afresh as `openid`: a different identity is a different phone. */
function openAs(openid: string): void {
  localStorage.setItem(CHOSEN_KEY, openid);
  openidText.textContent = openid;
  phone.src = `phone.html?openid=${encodeURIComponent(openid)}`;
  void showNotifications();
}

function when(epochMs: number): string {
  return new Date(epochMs).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

async function showNotifications(): Promise<void> {
  const response = await fetch(`api/notifications?openid=${encodeURIComponent(select.value)}`);
  const { notifications } = (await response.json()) as { notifications: Notification[] };
  if (notifications.length === 0) {
    list.replaceChildren(element('li', '', '还没有通知'));
    return;
  }
  list.replaceChildren(
    ...notifications.map((notice) => {
      const item = document.createElement('li');
      const status = notice.deliveredAt === null ? '待发送' : `已送达 ${when(notice.deliveredAt)}`;
      item.append(
        element('div', 'notification__title', notice.title),
        element('div', '', notice.body),
        element('div', 'notification__meta', `${when(notice.createdAt)} · ${status}`),
      );
      return item;
    }),
  );
}

async function start(): Promise<void> {
  const { accounts } = (await (await fetch('api/accounts')).json()) as { accounts: Account[] };
  const all = () => [...accounts, ...newUsers()];
  const chosen = localStorage.getItem(CHOSEN_KEY);
  const first = all().some((account) => account.openid === chosen) ? (chosen as string) : (accounts[0]?.openid ?? '');
  showAccounts(all(), first);
  openAs(first);

  select.addEventListener('change', () => openAs(select.value));
  document.getElementById('new-identity')?.addEventListener('click', () => {
    const users = newUsers();
    // An openid-like id no seeded account has: o-new- and 12 random hex digits.
    const openid = `o-new-${Array.from(crypto.getRandomValues(new Uint8Array(6)), (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
    users.push({ openid, label: `新微信用户 ${users.length + 1}` });
    localStorage.setItem(NEW_USERS_KEY, JSON.stringify(users));
    showAccounts(all(), openid);
    openAs(openid);
  });
  document.getElementById('reopen')?.addEventListener('click', () => openAs(select.value));
  document.getElementById('refresh-notifications')?.addEventListener('click', () => void showNotifications());
  // Every function call from the phone may have queued a notice.
  window.addEventListener('message', (event) => {
    if (event.origin === window.location.origin && (event.data as { type?: string })?.type === CALLED_MESSAGE) void showNotifications();
  });
}

void start();
