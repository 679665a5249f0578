import express, { type Request, type Response, type Router } from 'express';
import { notFound } from '../rc-errors';
import { accountParam, extensionParam, param, type SimContext } from '../sim-context';
import type { PipelineLocals } from '../request-pipeline';
import type { SimAccount, SimExtension } from '../sim-types';

const COUNTRIES: Readonly<Record<string, { id: string; name: string; callingCode: string }>> = {
  US: { id: '1', name: 'United States', callingCode: '1' },
  CA: { id: '39', name: 'Canada', callingCode: '1' },
  GB: { id: '224', name: 'United Kingdom', callingCode: '44' },
  FR: { id: '75', name: 'France', callingCode: '33' },
  DE: { id: '83', name: 'Germany', callingCode: '49' },
};

/** GetExtensionInfoResponse for one extension. Why numeric `id`: the spec types extension ids as int64. */
export function extensionInfo(ctx: SimContext, extension: SimExtension, account: SimAccount): object {
  const base = ctx.baseUrl();
  const country = COUNTRIES[account.countryIsoCode] ?? { id: '0', name: account.countryIsoCode, callingCode: '' };
  const locale = { id: '1033', localeCode: 'en-US', name: 'English (United States)' };
  return {
    uri: `${base}/restapi/v1.0/account/${account.id}/extension/${extension.id}`,
    id: Number(extension.id),
    extensionNumber: extension.extensionNumber,
    name: ctx.state.fullName(extension),
    type: extension.type,
    status: extension.status,
    contact: {
      firstName: extension.firstName,
      lastName: extension.lastName,
      ...(extension.email ? { email: extension.email, emailAsLoginName: true } : {}),
    },
    account: { id: account.id, uri: `${base}/restapi/v1.0/account/${account.id}` },
    permissions: { admin: { enabled: extension.admin }, internationalCalling: { enabled: false } },
    regionalSettings: {
      homeCountry: { id: country.id, uri: `${base}/restapi/v1.0/dictionary/country/${country.id}`, name: country.name, isoCode: account.countryIsoCode, callingCode: country.callingCode },
      timezone: { id: '58', uri: `${base}/restapi/v1.0/dictionary/timezone/58`, name: account.timezone },
      language: locale,
      greetingLanguage: locale,
      formattingLocale: locale,
      timeFormat: '12h',
    },
    setupWizardState: 'Completed',
    hidden: extension.type === 'Bot',
    creationTime: ctx.state.iso(extension.createdAt),
  };
}

/** Extension info and the extension's phone numbers. */
export function extensionRoutes(ctx: SimContext): Router {
  const router = express.Router();

  router.get('/restapi/v1.0/account/:accountId/extension/:extensionId', (req: Request, res: Response) => {
    const account = accountParam(ctx, res, param(req, 'accountId'));
    const extension = extensionParam(ctx, res, param(req, 'extensionId'));
    res.json(extensionInfo(ctx, extension, account));
  });

  router.get('/restapi/v1.0/account/:accountId/extension/:extensionId/phone-number', (req: Request, res: Response) => {
    const account = accountParam(ctx, res, param(req, 'accountId'));
    const extension = extensionParam(ctx, res, param(req, 'extensionId'));
    const query = (res.locals as PipelineLocals).simQuery ?? {};
    const usageTypes = Array.isArray(query.usageType) ? query.usageType.map(String) : undefined;
    const all = extension.phoneNumbers.filter((n) => usageTypes === undefined || usageTypes.includes(n.usageType));
    const page = typeof query.page === 'number' && query.page > 0 ? query.page : 1;
    const perPage = typeof query.perPage === 'number' && query.perPage > 0 ? Math.min(query.perPage, 1000) : 100;
    const slice = all.slice((page - 1) * perPage, page * perPage);
    const base = `${ctx.baseUrl()}/restapi/v1.0/account/${account.id}/extension/${extension.id}/phone-number`;
    const totalPages = Math.max(1, Math.ceil(all.length / perPage));
    const pageUri = (n: number) => ({ uri: `${base}?page=${n}&perPage=${perPage}` });
    res.json({
      uri: `${base}?page=${page}&perPage=${perPage}`,
      records: slice.map((n, i) => ({
        uri: `${ctx.baseUrl()}/restapi/v1.0/account/${account.id}/phone-number/${n.id}`,
        id: Number(n.id),
        phoneNumber: n.phoneNumber,
        features: n.features,
        usageType: n.usageType,
        status: 'Normal',
        type: 'VoiceFax',
        // spec: PaymentTypeEnum; NANP 8XX numbers are toll-free
        paymentType: /^\+18(00|33|44|55|66|77|88)\d{7}$/.test(n.phoneNumber) ? 'TollFree' : 'Local',
        primary: i === 0 && page === 1,
        country: { id: '1', uri: `${ctx.baseUrl()}/restapi/v1.0/dictionary/country/1`, name: 'United States' },
        extension: { id: Number(extension.id), uri: `${ctx.baseUrl()}/restapi/v1.0/account/${account.id}/extension/${extension.id}`, extensionNumber: extension.extensionNumber },
      })),
      paging: {
        page,
        perPage,
        totalPages,
        totalElements: all.length,
        ...(slice.length > 0 ? { pageStart: (page - 1) * perPage, pageEnd: (page - 1) * perPage + slice.length - 1 } : {}),
      },
      navigation: {
        firstPage: pageUri(1),
        lastPage: pageUri(totalPages),
        ...(page > 1 ? { previousPage: pageUri(page - 1) } : {}),
        ...(page < totalPages ? { nextPage: pageUri(page + 1) } : {}),
      },
    });
  });

  // GET .../phone-number/{phoneNumberId}/sms-configuration (spec: SmsConfigurationResource; RINGCENTRAL.md §9).
  router.get('/restapi/v1.0/account/:accountId/extension/:extensionId/phone-number/:phoneNumberId/sms-configuration', (req: Request, res: Response) => {
    accountParam(ctx, res, param(req, 'accountId'));
    const extension = extensionParam(ctx, res, param(req, 'extensionId'));
    const number = extension.phoneNumbers.find((n) => n.id === param(req, 'phoneNumberId'));
    if (number === undefined) notFound('phoneNumberId');
    // Fixture default: an SmsSender number is linked to a Confirmed campaign. UNCONFIRMED: what RingCentral answers
    // for a number without any SMS registration (404 here; the spec lists only 200).
    const configuration =
      number.smsConfiguration === undefined
        ? number.features.includes('SmsSender')
          ? { smsCampaignInfo: { id: `C${number.id}`, status: 'Confirmed', useCases: ['SECURITY_ALERT', 'ACCOUNT_NOTIFICATION'] }, smsBrandInfo: { id: `B${extension.accountId}`, status: 'Confirmed' } }
          : null
        : number.smsConfiguration;
    if (configuration === null) notFound('phoneNumberId');
    res.json({ phoneNumberId: number.id, phoneNumber: number.phoneNumber, ...configuration });
  });

  return router;
}
