-- A supplier's seat (city, postal code, NUTS 3) and size, as award notices state them, kept as
-- one JSON value.
ALTER TABLE organisations ADD COLUMN profile TEXT;
