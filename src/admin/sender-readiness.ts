import type { BotDeps } from '../bot/bot-deps';
import type { PhoneNumberInfo } from '../ringcentral/ringcentral-api';
import { RingCentralError } from '../ringcentral/rest-client';

/** Whether a number can really send alerts: its 10DLC campaign / toll-free verification as RingCentral reports it. */
export interface SenderReadiness {
  phoneNumber: string;
  /** ready: may be picked; not-ready: refused; unknown: allowed with a warning (no record, or it could not be read). */
  state: 'ready' | 'not-ready' | 'unknown';
  /** Short, for the card: "ready (10DLC campaign Confirmed)". */
  summary: string;
  /** For a refusal or warning: why, and what to do. */
  detail: string;
}

/** US toll-free area codes (NANP 8XX): these numbers need toll-free verification rather than a 10DLC campaign. */
const TOLL_FREE = /^\+18(00|33|44|55|66|77|88)\d{7}$/;

export function isTollFree(number: Pick<PhoneNumberInfo, 'phoneNumber'> & { paymentType?: string | undefined }): boolean {
  return number.paymentType === 'TollFree' || TOLL_FREE.test(number.phoneNumber);
}

const REGISTER =
  'Finish its registration in the RingCentral Admin Portal (SMS registration for business texting) and wait until it is approved, or choose another number with: sms from <number>';

/**
 * Reads `GET .../phone-number/{id}/sms-configuration` (Light; RINGCENTRAL.md §9). US numbers send only when
 * linked to an approved (Confirmed) TCR campaign; toll-free numbers must be verified. Decisions where the
 * docs are silent: a 404 (RingCentral has no SMS registration record for the number) or a failed read does
 * not refuse the number (state `unknown`, with a warning): the outcome of its first SMS then tells
 * (SMS-UP-414 / SMS-CAR-461 are sender problems the admin is told about). Numbers outside +1 need neither.
 */
export async function senderReadiness(deps: Pick<BotDeps, 'api' | 'logger'>, token: string, number: PhoneNumberInfo): Promise<SenderReadiness> {
  const phoneNumber = number.phoneNumber;
  const tollFree = isTollFree(number);
  if (!number.id) return { phoneNumber, state: 'unknown', summary: 'registration not checked', detail: 'RingCentral gave no id for this number, so its SMS registration could not be checked.' };
  try {
    const config = await deps.api.getSmsConfiguration(token, number.id);
    const campaign = config.smsCampaignInfo?.status;
    if (campaign === 'Confirmed') {
      return { phoneNumber, state: 'ready', summary: tollFree ? 'ready (SMS registration Confirmed)' : 'ready (10DLC campaign Confirmed)', detail: '' };
    }
    if (tollFree) {
      const why = campaign ? `its toll-free verification is not complete (${campaign})` : 'its toll-free verification is missing';
      return { phoneNumber, state: 'not-ready', summary: `not ready: ${why}`, detail: `${why}. ${REGISTER}.` };
    }
    if (campaign) {
      const why = `its 10DLC campaign is ${campaign}, not Confirmed`;
      return { phoneNumber, state: 'not-ready', summary: `not ready: ${why}`, detail: `${why}. ${REGISTER}.` };
    }
    if (phoneNumber.startsWith('+1')) {
      const why = 'it is not linked to a 10DLC campaign';
      return { phoneNumber, state: 'not-ready', summary: `not ready: ${why}`, detail: `${why}. ${REGISTER}.` };
    }
    return { phoneNumber, state: 'ready', summary: 'ready (no US registration needed)', detail: '' };
  } catch (error) {
    if (error instanceof RingCentralError && error.status === 404) {
      const warning = tollFree
        ? 'RingCentral has no SMS registration record for this toll-free number (404); if it is not verified, every alert SMS will fail (SMS-CAR-461) and I will tell you'
        : 'RingCentral has no SMS registration record for this number (404); if it is a US number without an approved 10DLC campaign, every alert SMS will fail and I will tell you';
      return { phoneNumber, state: 'unknown', summary: 'registration unknown (no SMS configuration)', detail: warning };
    }
    deps.logger.warn({ err: error }, 'SMS configuration of a sender number not read');
    const why = error instanceof RingCentralError ? `${error.errorCode ? `${error.errorCode}: ` : ''}${error.message}` : error instanceof Error ? error.message : String(error);
    return { phoneNumber, state: 'unknown', summary: 'registration not checked', detail: `its SMS registration could not be checked (${why})` };
  }
}
