import express, { type Request, type Response, type Router } from 'express';
import { fail } from '../rc-errors';
import { authOf, type SimContext } from '../sim-context';
import { WS_PERMISSION, type WebSocketGateway } from '../websocket-gateway';

/**
 * POST /restapi/oauth/wstoken: a short-lived token and the gateway URI for a WebSocket connection
 * (spec: authWsToken, WsTokenResponse). The bearer token's app needs the WebSocketsSubscription permission.
 */
export function webSocketRoutes(ctx: SimContext, gateway: WebSocketGateway): Router {
  const router = express.Router();
  router.post('/restapi/oauth/wstoken', (req: Request, res: Response) => {
    const auth = authOf(res);
    if (!auth.scope.split(' ').includes(WS_PERMISSION)) {
      // CMN-401 is RingCentral's "InsufficientPermissions"
      fail(403, 'CMN-401', `In order to call this API endpoint, application needs to have [${WS_PERMISSION}] permission`);
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim() ?? '';
    res.json(gateway.issueToken(bearer));
  });
  return router;
}
