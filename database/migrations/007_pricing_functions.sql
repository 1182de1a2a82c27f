-- 007_pricing_functions: the selling-price formula of pricing_rules (see 005), in one place,
-- so a preview for one cost and the set-based reprice of the whole catalog compute the same.
--   price   = markup(cost): percent cost * (1 + v/100) | fixed cost + v | multiplier cost * v
--   floor   = cost / (1 - min_margin_percent/100): the margin (price - cost) / price is never below it
--   rounded UP to the ending ('0.99' -> x.99, 'whole' -> x.00, 'none' -> whole cents), so the
--   rounding can only add margin.
-- squawk-ignore-file require-lock-timeout, require-statement-timeout -- the migrator sets both on its transaction

-- Rounds a price UP to the given ending.
CREATE FUNCTION pricing_round(price numeric, rounding text) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT round(CASE
    WHEN rounding = 'none' THEN ceil(price * 100) / 100
    WHEN rounding = 'whole' THEN ceil(price)
    WHEN floor(price) + rounding::numeric >= price THEN floor(price) + rounding::numeric
    ELSE floor(price) + 1 + rounding::numeric
  END, 2) -- already whole cents: round() only sets the scale to 2
$$;

-- The selling price of one unit at `cost` under a rule's markup, minimum margin and rounding.
CREATE FUNCTION pricing_price(cost numeric, markup_type text, markup_value numeric,
                              min_margin_percent numeric, rounding text) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT pricing_round(
    greatest(
      CASE markup_type
        WHEN 'percent' THEN cost * (1 + markup_value / 100)
        WHEN 'fixed' THEN cost + markup_value
        WHEN 'multiplier' THEN cost * markup_value
      END,
      cost / (1 - min_margin_percent / 100)),
    rounding)
$$;
