-- Rows as the release that shipped 0004_reminders wrote them: a device subscribed to Web Push, a
-- reminder with the departure it expires at, and its delivery to that device.
insert into push_subscriptions (id, user_id, endpoint, p256dh, auth)
values ('60000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000aa',
  'https://fcm.googleapis.com/fcm/send/seeded-device',
  'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
  'tBHItJI5svbpez7KI4CCXg');
update reminders set departs_at = '2026-11-30T07:02:00Z', status = 'sent', sent_at = '2026-11-30T06:42:00Z'
where trip_id = '20000000-0000-4000-8000-000000000001';
insert into reminder_deliveries (reminder_id, subscription_id, sent_at)
select id, '60000000-0000-4000-8000-000000000001', '2026-11-30T06:42:00Z' from reminders
where trip_id = '20000000-0000-4000-8000-000000000001';
