import { atLeast, type Severity } from './severity';

/** Where an alert of this severity goes: each channel has its own minimum (`sms min`, `chats min`; default low). */
export interface AlertRoute {
  sms: boolean;
  chats: boolean;
}

/** Pure: SMS when the severity is at least the SMS minimum, chats when at least the chats minimum. */
export function routeAlert(severity: Severity, minimums: { smsMin: Severity; chatsMin: Severity }): AlertRoute {
  return { sms: atLeast(severity, minimums.smsMin), chats: atLeast(severity, minimums.chatsMin) };
}
