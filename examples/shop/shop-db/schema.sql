-- The shop's database (PostgreSQL). shop-api keeps an in-memory copy for the examples.
CREATE TABLE products (
  id           text PRIMARY KEY,
  name         text NOT NULL,
  price_cents  integer NOT NULL CHECK (price_cents >= 0),
  stock        integer NOT NULL CHECK (stock >= 0)
);

CREATE TABLE orders (
  id              text PRIMARY KEY,
  net_cents       integer NOT NULL,
  vat_cents       integer NOT NULL,
  shipping_cents  integer NOT NULL,
  total_cents     integer NOT NULL,
  placed_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE order_lines (
  order_id    text NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  product_id  text NOT NULL REFERENCES products (id),
  quantity    integer NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  PRIMARY KEY (order_id, product_id)
);
