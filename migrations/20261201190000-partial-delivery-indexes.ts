import { Op } from 'sequelize';
import type { Migration } from './migration';

/**
 * The claim-token and follow-up indexes cover only the rows they are read for: a row has a claim token
 * while a worker holds it, and is followed while `accepted`. A new outbox row (pending, no token) then
 * costs no entry in either — a poll page stores 1,000 events and about 3,000 such rows at once, and
 * `npm run bench` part (b) measured the PostgreSQL insert of those rows taking about a third less
 * server time without the two entries. Both databases use a partial index for these reads
 * (`claim_token = ?` implies `claim_token IS NOT NULL`; the follow-up query names `status = 'accepted'`).
 */
export const partialDeliveryIndexes: Migration = {
  name: '20261201190000-partial-delivery-indexes',
  async up({ queryInterface }) {
    await queryInterface.removeIndex('deliveries', 'deliveries_claim_token');
    await queryInterface.addIndex('deliveries', ['claim_token'], { name: 'deliveries_claim_token', where: { claim_token: { [Op.ne]: null } } });
    await queryInterface.removeIndex('deliveries', 'deliveries_follow_due');
    await queryInterface.addIndex('deliveries', ['status', 'next_check_at'], { name: 'deliveries_follow_due', where: { status: 'accepted' } });
  },
  async down({ queryInterface }) {
    await queryInterface.removeIndex('deliveries', 'deliveries_follow_due');
    await queryInterface.addIndex('deliveries', ['status', 'next_check_at'], { name: 'deliveries_follow_due' });
    await queryInterface.removeIndex('deliveries', 'deliveries_claim_token');
    await queryInterface.addIndex('deliveries', ['claim_token'], { name: 'deliveries_claim_token' });
  },
};
