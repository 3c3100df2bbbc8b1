import { createPostgresTroubleTickets } from '../../src/adapters/postgres/trouble-tickets';
import { outboxExtras } from './outbox';
import { onBothStores } from './table-rows';
import { NOW, troubleTicketsContract } from './trouble-tickets.contract';

onBothStores(troubleTicketsContract, {
  database: 'trouble_tickets',
  now: NOW,
  sqlite: (store) => store.ports.troubleTickets,
  postgres: createPostgresTroubleTickets,
  extras: outboxExtras,
});
