-- Mail is rendered when it is sent (decision 0046). Jobs queued as `mail.send` by earlier versions
-- hold whole messages with working one-time links: they are removed (a pending one's link is
-- re-requested), and the links already kept in the outbox are masked as the outbox now keeps them.
DELETE FROM "jobs" WHERE "kind" = 'mail.send';--> statement-breakpoint
UPDATE "outbox_messages" SET "text" = regexp_replace("text", '(token=|/invitations/)[A-Za-z0-9_-]{20,}', '\1••••••••', 'g') WHERE "text" ~ '(token=|/invitations/)[A-Za-z0-9_-]{20,}';
