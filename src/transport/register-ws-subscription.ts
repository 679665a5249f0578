import type { SDK } from '@ringcentral/sdk';
import { Subscriptions } from '@ringcentral/subscriptions';
import type { WsExtension } from './ws-extension';

/** A token that never needs the SDK's own refresh: ours is the only code that rotates tokens. */
const SDK_TOKEN_LIFETIME_SECONDS = '630720000';

/**
 * Subscribes `filters` over a RingCentral WebSocket (@ringcentral/subscriptions) acting with `token`.
 * `watch` sees each WebSocket extension before it opens its first socket (`ws` throws on an 'error'
 * event nobody listens to); `onNotification` gets every notification body. Throws when RingCentral
 * refuses; returns the live extension otherwise.
 */
export async function registerWsSubscription(input: {
  sdk: SDK;
  token: string;
  filters: string[];
  watch: (extension: WsExtension) => void;
  onNotification: (json: unknown) => void;
}): Promise<{ wse: WsExtension; subscriptionId: string | undefined }> {
  await input.sdk.platform().auth().setData({
    token_type: 'bearer',
    access_token: input.token,
    expires_in: SDK_TOKEN_LIFETIME_SECONDS,
    refresh_token: '',
    refresh_token_expires_in: SDK_TOKEN_LIFETIME_SECONDS,
  });
  const subscriptions = new Subscriptions({ sdk: input.sdk });
  const installExtension = subscriptions.rc.installExtension.bind(subscriptions.rc);
  subscriptions.rc.installExtension = async (extension) => {
    if ('eventEmitter' in extension) input.watch(extension as unknown as WsExtension);
    return installExtension(extension);
  };
  const subscription = subscriptions.createSubscription();
  subscription.on(subscription.events.notification, input.onNotification);
  const registered = await subscription.setEventFilters(input.filters).register();
  return { wse: registered.wse as unknown as WsExtension, subscriptionId: registered.subscriptionInfo?.id };
}
