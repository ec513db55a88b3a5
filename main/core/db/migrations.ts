/**
 * Schema migrations, applied in order; PRAGMA user_version holds how many have run. Never edit a
 * migration that has shipped: add a new one.
 */
export const migrations: string[] = [
  // 1: the durable outbox.
  `
  -- type: 1 customers, 2 products, 3 sales, 4 shops, 5 events; state: 0 pending, 1 inflight, 2 dead
  -- (see main/core/outbox/codes.ts; outbox_view shows the names). seq is the rowid: the queue order.
  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY,
    type INTEGER NOT NULL,
    record_key TEXT NOT NULL,
    payload TEXT NOT NULL,
    state INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    source TEXT
  );
  -- At most one waiting row per record: later updates coalesce into it.
  CREATE UNIQUE INDEX outbox_pending_key ON outbox (type, record_key) WHERE state = 0;
  CREATE INDEX outbox_by_state ON outbox (type, state, seq);
  CREATE VIEW outbox_view AS
    SELECT seq,
      CASE type WHEN 1 THEN 'customers' WHEN 2 THEN 'products' WHEN 3 THEN 'sales' WHEN 4 THEN 'shops' ELSE 'events' END AS type,
      record_key,
      CASE state WHEN 0 THEN 'pending' WHEN 1 THEN 'inflight' ELSE 'dead' END AS state,
      attempts, datetime(created_at / 1000, 'unixepoch') AS created, last_error, source, payload
    FROM outbox;

  -- Delivery counters and the last outcome per type, for the Status view.
  CREATE TABLE outbox_stats (
    type TEXT PRIMARY KEY,
    sent_total INTEGER NOT NULL DEFAULT 0,
    last_success_at INTEGER,
    last_error_at INTEGER,
    last_error TEXT
  );

  -- Every manual dead-letter action, for accountability.
  CREATE TABLE outbox_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    action TEXT NOT NULL,
    type TEXT NOT NULL,
    record_key TEXT NOT NULL,
    reason TEXT,
    payload TEXT
  );

  -- Inbox files already committed, so a file recovered after a crash is not imported twice.
  CREATE TABLE inbox_files (
    sha256 TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    records INTEGER NOT NULL,
    imported_at INTEGER NOT NULL
  );

  -- Valid records of an inbox file being imported; moved to the outbox in one transaction at the end,
  -- so a big file is imported all-or-nothing without holding it in memory.
  CREATE TABLE inbox_staging (
    file TEXT NOT NULL,
    seq INTEGER NOT NULL,
    type INTEGER NOT NULL,
    record_key TEXT NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (file, seq)
  );
  `,
  // 2: checkout — the customer cache, redemptions (a state machine), and their audit log.
  `
  -- Customers seen in exports and lookups, so identification works offline. Personal data: purged
  -- when expires_at passes, and at once when Custobar says a customer is forgotten.
  CREATE TABLE customer_cache (
    card_id TEXT PRIMARY KEY,
    customer_id TEXT,
    first_name TEXT,
    last_name TEXT,
    phone TEXT,
    email TEXT,
    consents TEXT,
    source TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX customer_cache_expiry ON customer_cache (expires_at);

  -- pending → committed | rejected; committed → voided. Written before the first request, so a
  -- crash or a lost reply never loses track of a redemption; the idempotency key is made once here.
  CREATE TABLE redemptions (
    id TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    checkout_id TEXT NOT NULL,
    benefit_id TEXT NOT NULL,
    benefit_title TEXT NOT NULL,
    benefit_kind TEXT NOT NULL,
    phone TEXT NOT NULL,
    customer_id TEXT,
    card_id TEXT,
    shop_id TEXT NOT NULL,
    till_id TEXT NOT NULL,
    redeemed_at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'committed', 'rejected', 'voided')),
    offline INTEGER NOT NULL DEFAULT 0,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    remote_id TEXT,
    reason TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    void_key TEXT,
    void_reason TEXT,
    void_state TEXT CHECK (void_state IN ('pending', 'done')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX redemptions_by_day ON redemptions (created_at);
  CREATE INDEX redemptions_open ON redemptions (state, void_state);

  CREATE TABLE redemption_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    redemption_id TEXT NOT NULL,
    till_id TEXT NOT NULL,
    benefit_id TEXT NOT NULL,
    action TEXT NOT NULL,
    outcome TEXT NOT NULL
  );
  `,
  // 3: marketing permissions — Custobar's state (the snapshot, which is also the POS's change feed),
  // consents changed at this till that Custobar has not confirmed (holds), and the till's consent log.
  `
  -- The last known state per customer, which is also the change feed the POS reads: every change
  -- gives the row the next seq (the POS's cursor), so a customer changed twice is read once, with
  -- the newest state. Consents are 1/0, NULL = not known. Personal data: the row is deleted at once
  -- when Custobar says the customer is forgotten or deleted.
  CREATE TABLE permission_snapshot (
    customer_key TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    -- The consents and identity in one string: an unchanged customer is recognised without reading
    -- the whole row, which is most of what a poll of a big tenant compares.
    digest TEXT NOT NULL,
    external_id TEXT,
    phone TEXT,
    email TEXT,
    can_email INTEGER, can_sms INTEGER, can_post INTEGER, can_profile INTEGER, can_push INTEGER,
    changed_at INTEGER NOT NULL,
    source TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX permission_snapshot_seq ON permission_snapshot (seq);
  CREATE INDEX permission_snapshot_phone ON permission_snapshot (phone);

  -- A consent changed here wins over Custobar until Custobar shows it, or holdMinutes after delivery.
  CREATE TABLE permission_holds (
    phone TEXT PRIMARY KEY,
    external_id TEXT,
    email TEXT,
    can_sms INTEGER,
    can_email INTEGER,
    outbox_key TEXT NOT NULL,
    changed_at INTEGER NOT NULL,
    delivered_at INTEGER
  );

  CREATE TABLE consent_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('join', 'consent')),
    phone TEXT NOT NULL,
    customer_id TEXT,
    shop_id TEXT NOT NULL,
    till_id TEXT NOT NULL,
    text_version TEXT NOT NULL,
    sms INTEGER,
    email INTEGER
  );
  CREATE INDEX consent_log_phone ON consent_log (phone);

  -- Small facts that must survive a restart: the POS's read cursor, the JSONL folder's cursor.
  CREATE TABLE permission_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // 4: the Status view counts waiting rows by their reason (held for their customer) without a scan.
  `
  CREATE INDEX outbox_waiting_reason ON outbox (type, last_error) WHERE state = 0 AND last_error IS NOT NULL;
  `,
  // 5: big uploads (request bodies as well as inbox files) are staged in chunks, then sealed, then
  // moved into the outbox chunk by chunk. A sealed batch is committed: a restart finishes moving it.
  `
  CREATE TABLE staged_batches (
    id TEXT PRIMARY KEY,
    type INTEGER NOT NULL,
    source TEXT NOT NULL,
    records INTEGER NOT NULL,
    sealed_at INTEGER NOT NULL
  );

  -- The sale-level fields of each sale in a staged batch (from whichever of its rows carried them),
  -- put on every row of the sale as it moves into the outbox.
  CREATE TABLE staging_sales (
    file TEXT NOT NULL,
    sale TEXT NOT NULL,
    fields TEXT NOT NULL,
    first_position TEXT NOT NULL,
    rows INTEGER NOT NULL,
    PRIMARY KEY (file, sale)
  );
  `,
  // 6: the Status view in constant time, whatever the backlog: rows per type and state are counted by
  // triggers in the same transaction as every insert, state change and delete (a count(*) over a
  // million-row outbox took hundreds of milliseconds and held the event loop); the next due time of a
  // type is read from an index.
  `
  CREATE TABLE outbox_counts (type INTEGER NOT NULL, state INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (type, state)) WITHOUT ROWID;
  INSERT INTO outbox_counts (type, state, n)
    SELECT t.value, s.value, (SELECT count(*) FROM outbox WHERE type = t.value AND state = s.value)
    FROM json_each('[1,2,3,4,5]') AS t, json_each('[0,1,2]') AS s;
  CREATE TRIGGER outbox_counts_insert AFTER INSERT ON outbox BEGIN
    UPDATE outbox_counts SET n = n + 1 WHERE type = new.type AND state = new.state;
  END;
  CREATE TRIGGER outbox_counts_delete AFTER DELETE ON outbox BEGIN
    UPDATE outbox_counts SET n = n - 1 WHERE type = old.type AND state = old.state;
  END;
  CREATE TRIGGER outbox_counts_update AFTER UPDATE OF type, state ON outbox WHEN old.type <> new.type OR old.state <> new.state BEGIN
    UPDATE outbox_counts SET n = n - 1 WHERE type = old.type AND state = old.state;
    UPDATE outbox_counts SET n = n + 1 WHERE type = new.type AND state = new.state;
  END;
  CREATE INDEX outbox_due ON outbox (type, state, next_attempt_at);
  `,
  // 7: the manager dashboard's history: one row per minute (sampled by main/core/history/), kept 7 days.
  `
  -- minute = epoch minutes (ms / 60000). Queue depth (pending + in flight) and failed records per
  -- type are read at the sample; sent, redemptions and voids are what happened during the minute.
  -- sent_total is the running counter the next minute's "sent" is taken from.
  CREATE TABLE history_minutes (
    minute INTEGER PRIMARY KEY,
    queued_customers INTEGER NOT NULL, queued_products INTEGER NOT NULL, queued_sales INTEGER NOT NULL,
    queued_shops INTEGER NOT NULL, queued_events INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    sent INTEGER NOT NULL,
    sent_total INTEGER NOT NULL,
    redemptions INTEGER NOT NULL,
    voids INTEGER NOT NULL
  );
  CREATE INDEX redemption_audit_at ON redemption_audit (at, action);
  `,
  // 8: today's list shows who a redemption was for by first name (with the masked phone): only the
  // first name is kept, not the whole name.
  `
  ALTER TABLE redemptions ADD COLUMN first_name TEXT;
  `,
  // 9: a type's last error keeps its code and values, so the Status view words it in the manager's
  // language after a restart too (last_error stays the English text).
  `
  ALTER TABLE outbox_stats ADD COLUMN last_error_code TEXT;
  ALTER TABLE outbox_stats ADD COLUMN last_error_params TEXT;
  `,
  // 10: a record looked up by key in flight or parked as dead (does a customer still hold its sales
  // back?) by index, as waiting ones already are: without, each lookup walked every row of the type.
  // Both states hold few rows, so the indexes cost nothing on the way in.
  `
  CREATE INDEX outbox_inflight_key ON outbox (type, record_key) WHERE state = 1;
  CREATE INDEX outbox_dead_key ON outbox (type, record_key) WHERE state = 2;
  `,
  // 11: campaign prompts — what a Custobar push campaign asks the cashier to tell a customer, kept per
  // customer until it expires or is answered, and per-campaign per-day counts that outlive the prompts.
  `
  -- One prompt per campaign and customer: a newer one of the same campaign replaces it. The customer is
  -- named by any of external_id, phone (E.164) and email (lower case); message is plain text, never
  -- markup. valid_until is epoch ms (NULL = no end): an expired prompt is never shown and is purged.
  -- state: new → shown (put on a checkout) → told | dismissed (the cashier's answer; not shown again).
  -- Personal data: deleted at once when Custobar says the customer is forgotten or deleted.
  CREATE TABLE campaign_prompts (
    id TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL,
    external_id TEXT,
    phone TEXT,
    email TEXT,
    message TEXT NOT NULL,
    valid_until INTEGER,
    received_at INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('new', 'shown', 'told', 'dismissed')),
    shown_at INTEGER,
    answered_at INTEGER,
    CHECK (external_id IS NOT NULL OR phone IS NOT NULL OR email IS NOT NULL)
  );
  CREATE INDEX campaign_prompts_external_id ON campaign_prompts (external_id) WHERE external_id IS NOT NULL;
  CREATE INDEX campaign_prompts_phone ON campaign_prompts (phone) WHERE phone IS NOT NULL;
  CREATE INDEX campaign_prompts_email ON campaign_prompts (email) WHERE email IS NOT NULL;
  CREATE INDEX campaign_prompts_expiry ON campaign_prompts (valid_until) WHERE valid_until IS NOT NULL;
  CREATE INDEX campaign_prompts_received ON campaign_prompts (received_at);

  -- The manager view's counts: day is the store's calendar date (YYYY-MM-DD) the thing happened on.
  CREATE TABLE campaign_counts (
    campaign_id TEXT NOT NULL,
    day TEXT NOT NULL,
    received INTEGER NOT NULL DEFAULT 0,
    shown INTEGER NOT NULL DEFAULT 0,
    told INTEGER NOT NULL DEFAULT 0,
    dismissed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, day)
  ) WITHOUT ROWID;
  CREATE INDEX campaign_counts_day ON campaign_counts (day);
  `,
];
