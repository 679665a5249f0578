/**
 * True when the opted-out pair keys (`sender|recipient`, sender '' = every number of the account)
 * block an SMS from `sender` to `to`. Opt-out is per sender→recipient pair (RINGCENTRAL.md §9).
 */
export function isPairOptedOut(optedOut: ReadonlySet<string>, sender: string, to: string): boolean {
  return optedOut.has(`${sender}|${to}`) || optedOut.has(`|${to}`);
}
