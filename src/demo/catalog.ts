/**
 * The demo outlet's catalog as data: a category tree and, per leaf category, product types with
 * their price range (in cents), brands and variants. generateProducts() turns it into a few
 * hundred believable products, the same ones on every run (a seeded generator).
 */
export interface DemoCategory {
  slug: string;
  name: string;
  description: string;
  children?: DemoCategory[];
  /** Leaf categories: [product type, min cents, max cents]. */
  types?: [string, number, number][];
  brands?: string[];
  variants?: string[];
}

const COLORS = ['Black', 'Navy', 'Stone', 'Olive', 'Burgundy', 'Sand', 'Charcoal', 'Sky Blue', 'Off-White'];

export const DEMO_CATEGORIES: DemoCategory[] = [
  {
    slug: 'fashion',
    name: 'Fashion',
    description: 'Last season, this season’s prices.',
    children: [
      {
        slug: 'womens-clothing',
        name: "Women's Clothing",
        description: 'Knitwear, dresses and jackets.',
        types: [
          ['Merino Crew Sweater', 3999, 8999],
          ['Wrap Dress', 2999, 6999],
          ['Quilted Jacket', 5999, 12999],
          ['Linen Blouse', 1999, 4499],
          ['High-Rise Jeans', 2999, 6999],
        ],
        brands: ['Nordvik', 'Maison Clair', 'Holmgren', 'Vera Lind'],
        variants: COLORS,
      },
      {
        slug: 'mens-clothing',
        name: "Men's Clothing",
        description: 'Shirts, knitwear and outerwear.',
        types: [
          ['Oxford Shirt', 2499, 5999],
          ['Chino Trousers', 2999, 6499],
          ['Waxed Field Jacket', 7999, 15999],
          ['Lambswool Cardigan', 3999, 8999],
          ['Organic Cotton T-Shirt', 999, 2499],
        ],
        brands: ['Holmgren', 'Fjordline', 'Barrow & Sons', 'Nordvik'],
        variants: COLORS,
      },
      {
        slug: 'shoes',
        name: 'Shoes',
        description: 'Sneakers, boots and loafers.',
        types: [
          ['Leather Sneakers', 4999, 10999],
          ['Chelsea Boots', 6999, 14999],
          ['Suede Loafers', 4999, 9999],
          ['Trail Running Shoes', 5999, 12999],
        ],
        brands: ['Stride & Co', 'Alpenpfad', 'Vera Lind', 'Kestrel'],
        variants: ['EU 38', 'EU 39', 'EU 40', 'EU 41', 'EU 42', 'EU 43', 'EU 44', 'EU 45'],
      },
      {
        slug: 'bags-accessories',
        name: 'Bags & Accessories',
        description: 'Bags, belts, scarves.',
        types: [
          ['Leather Tote Bag', 4999, 12999],
          ['Canvas Backpack', 2999, 6999],
          ['Wool Scarf', 1499, 3999],
          ['Leather Belt', 1999, 4499],
        ],
        brands: ['Maison Clair', 'Barrow & Sons', 'Fjordline'],
        variants: COLORS,
      },
    ],
  },
  {
    slug: 'home-living',
    name: 'Home & Living',
    description: 'Everything for a good home.',
    children: [
      {
        slug: 'kitchen',
        name: 'Kitchen',
        description: 'Cookware and kitchen helpers.',
        types: [
          ['Cast Iron Skillet 28 cm', 2999, 6999],
          ['Chef’s Knife 20 cm', 3999, 9999],
          ['Stoneware Dinner Set (12 pcs)', 4999, 9999],
          ['Stainless Steel Saucepan Set', 5999, 13999],
          ['Espresso Maker 6 Cups', 1999, 4999],
        ],
        brands: ['Kochwerk', 'Casa Verde', 'Solberg'],
        variants: ['Classic', 'Pro', 'Graphite', 'Cream'],
      },
      {
        slug: 'bedding-bath',
        name: 'Bedding & Bath',
        description: 'Sheets, towels, duvets.',
        types: [
          ['Percale Duvet Cover 135x200', 3999, 7999],
          ['Waffle Bath Towel Set', 1999, 4499],
          ['Down Pillow 80x80', 2999, 6999],
          ['Linen Fitted Sheet', 2999, 5999],
        ],
        brands: ['Casa Verde', 'Dunevik', 'Solberg'],
        variants: ['White', 'Sand', 'Sage', 'Dusty Rose', 'Slate'],
      },
      {
        slug: 'decor',
        name: 'Decor',
        description: 'Vases, frames, cushions.',
        types: [
          ['Ceramic Vase', 1499, 4999],
          ['Cushion Cover 50x50', 999, 2499],
          ['Oak Picture Frame', 999, 2999],
          ['Jute Rug 160x230', 6999, 15999],
        ],
        brands: ['Casa Verde', 'Dunevik', 'Atelier Nord'],
        variants: ['Natural', 'Terracotta', 'Ivory', 'Moss', 'Charcoal'],
      },
      {
        slug: 'lighting',
        name: 'Lighting',
        description: 'Lamps for every room.',
        types: [
          ['Rattan Pendant Lamp', 4999, 12999],
          ['Brass Table Lamp', 3999, 9999],
          ['LED Floor Lamp', 5999, 14999],
        ],
        brands: ['Atelier Nord', 'Lumio', 'Solberg'],
        variants: ['Brass', 'Black', 'White', 'Natural'],
      },
    ],
  },
  {
    slug: 'electronics',
    name: 'Electronics',
    description: 'Refurbished and overstock electronics.',
    children: [
      {
        slug: 'audio',
        name: 'Audio',
        description: 'Headphones and speakers.',
        types: [
          ['Wireless Noise-Cancelling Headphones', 7999, 24999],
          ['True Wireless Earbuds', 2999, 12999],
          ['Bluetooth Speaker', 2999, 9999],
          ['Bookshelf Speakers (pair)', 9999, 29999],
        ],
        brands: ['Voltix', 'Sonara', 'Klangwerk'],
        variants: ['Black', 'White', 'Midnight Blue', 'Silver'],
      },
      {
        slug: 'phone-accessories',
        name: 'Phone Accessories',
        description: 'Chargers, cases, cables.',
        types: [
          ['65 W USB-C Charger', 1999, 4999],
          ['Magnetic Wireless Charger', 1999, 3999],
          ['Braided USB-C Cable 2 m', 799, 1999],
          ['Power Bank 20000 mAh', 2499, 5999],
        ],
        brands: ['Voltix', 'Ampere', 'Sonara'],
        variants: ['Black', 'White', 'Graphite'],
      },
      {
        slug: 'computer-accessories',
        name: 'Computer Accessories',
        description: 'Keyboards, mice, hubs.',
        types: [
          ['Mechanical Keyboard', 4999, 14999],
          ['Ergonomic Wireless Mouse', 2499, 7999],
          ['USB-C Docking Station', 5999, 17999],
          ['27" Monitor Arm', 2999, 8999],
        ],
        brands: ['Voltix', 'Tastwerk', 'Ampere'],
        variants: ['DE Layout', 'US Layout', 'Black', 'Silver'],
      },
      {
        slug: 'smart-home',
        name: 'Smart Home',
        description: 'Plugs, bulbs, sensors.',
        types: [
          ['Smart Plug (2-pack)', 1999, 3999],
          ['Smart LED Bulb E27', 999, 2499],
          ['Indoor Security Camera', 3999, 8999],
          ['Smart Thermostat', 7999, 19999],
        ],
        brands: ['Lumio', 'Voltix', 'Heimnetz'],
        variants: ['White', 'Black', 'Starter Kit'],
      },
    ],
  },
  {
    slug: 'sports-outdoor',
    name: 'Sports & Outdoor',
    description: 'Gear for training and trips.',
    children: [
      {
        slug: 'fitness',
        name: 'Fitness',
        description: 'Training at home.',
        types: [
          ['Yoga Mat 6 mm', 1999, 4999],
          ['Adjustable Dumbbell 24 kg', 9999, 24999],
          ['Resistance Band Set', 999, 2999],
          ['Foam Roller', 1499, 3499],
        ],
        brands: ['Kestrel', 'Alpenpfad', 'Corevo'],
        variants: ['Black', 'Teal', 'Coral', 'Grey'],
      },
      {
        slug: 'camping',
        name: 'Camping',
        description: 'Tents, sleeping bags, stoves.',
        types: [
          ['2-Person Dome Tent', 9999, 24999],
          ['Down Sleeping Bag -5 °C', 8999, 19999],
          ['Camping Stove', 2999, 6999],
          ['Insulated Water Bottle 750 ml', 1499, 3499],
        ],
        brands: ['Alpenpfad', 'Fjordline', 'Kestrel'],
        variants: ['Forest Green', 'Orange', 'Grey', 'Navy'],
      },
      {
        slug: 'cycling',
        name: 'Cycling',
        description: 'Helmets, lights, bags.',
        types: [
          ['Bike Helmet', 3999, 9999],
          ['USB Bike Light Set', 1999, 4999],
          ['Waterproof Pannier Bag', 3999, 8999],
          ['Mini Pump', 1499, 2999],
        ],
        brands: ['Kestrel', 'Velotec', 'Alpenpfad'],
        variants: ['S/M', 'M/L', 'Black', 'Reflective Yellow'],
      },
    ],
  },
  {
    slug: 'toys-kids',
    name: 'Toys & Kids',
    description: 'For the little ones.',
    children: [
      {
        slug: 'toys',
        name: 'Toys',
        description: 'Wooden toys and games.',
        types: [
          ['Wooden Building Blocks (60 pcs)', 1999, 4499],
          ['Marble Run Set', 2999, 6999],
          ['Family Board Game', 1999, 3999],
          ['Plush Bear 40 cm', 1499, 2999],
        ],
        brands: ['Holzwerk', 'Spielgut', 'Kleine Welt'],
        variants: ['Classic', 'Deluxe', 'Natural', 'Colour'],
      },
      {
        slug: 'baby',
        name: 'Baby',
        description: 'Organic basics for babies.',
        types: [
          ['Organic Cotton Bodysuit (3-pack)', 1499, 2999],
          ['Muslin Swaddle Set', 1999, 3999],
          ['Baby Carrier', 6999, 12999],
        ],
        brands: ['Kleine Welt', 'Casa Verde', 'Spielgut'],
        variants: ['50/56', '62/68', '74/80', 'Sage', 'Oat'],
      },
    ],
  },
];

export interface DemoProduct {
  sku: string;
  slug: string;
  name: string;
  description: string;
  categorySlug: string;
  price: string;
  compareAtPrice: string | null;
  costPrice: string;
  status: 'active' | 'draft';
  images: string[];
  attributes: Record<string, string>;
  gtin: string;
  /** Units in the own warehouse; undefined: not stocked there. */
  warehouseStock: number | undefined;
  /** Which demo supplier (index) also offers it, with its stock. */
  supplier: { index: number; stock: number; leadTimeDays: number } | undefined;
  /** Minutes before the seed time the product was created. */
  ageMinutes: number;
}

/** A small deterministic generator (mulberry32): the same catalog on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer cents as a decimal string: 1999 -> "19.99". */
export function cents(n: number): string {
  return `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
}

export function leafCategories(tree = DEMO_CATEGORIES): DemoCategory[] {
  return tree.flatMap((c) => (c.children ? leafCategories(c.children) : [c]));
}

export function generateProducts(perType = 5): DemoProduct[] {
  const rnd = random(20251015);
  const pick = <T>(list: T[]): T => list[Math.floor(rnd() * list.length)]!;
  const products: DemoProduct[] = [];
  const names = new Set<string>();
  for (const leaf of leafCategories()) {
    for (const [type, min, max] of leaf.types ?? []) {
      for (let i = 0; i < perType; i++) {
        const brand = pick(leaf.brands ?? ['JNE']);
        const variant = pick(leaf.variants ?? ['Standard']);
        const name = `${brand} ${type} – ${variant}`;
        if (names.has(name)) continue;
        names.add(name);
        const n = products.length + 1;
        const sku = `JNE-${leaf.slug.slice(0, 3).toUpperCase()}-${String(n).padStart(4, '0')}`;
        // Outlet prices end in .99; about half show the original price struck through.
        const price = Math.floor((min + Math.floor(rnd() * (max - min))) / 100) * 100 + 99;
        const compareAt = rnd() < 0.5 ? Math.floor((price * (130 + Math.floor(rnd() * 40))) / 10000) * 100 + 99 : null;
        const cost = Math.floor((price * (45 + Math.floor(rnd() * 15))) / 100);
        const r = rnd();
        products.push({
          sku,
          slug: `${slug(name)}-${n}`,
          name,
          description: `${type} by ${brand} in ${variant}. Outlet stock from the current and the last collection: new, unused, with full warranty.`,
          categorySlug: leaf.slug,
          price: cents(price),
          compareAtPrice: compareAt !== null && compareAt > price ? cents(compareAt) : null,
          costPrice: cents(cost),
          status: rnd() < 0.95 ? 'active' : 'draft',
          images: [
            `https://picsum.photos/seed/${sku.toLowerCase()}/800/800`,
            `https://picsum.photos/seed/${sku.toLowerCase()}-2/800/800`,
          ],
          attributes: { brand, variant },
          gtin: ean13(`400${String(n).padStart(9, '0')}`),
          warehouseStock: r < 0.55 ? Math.floor(rnd() * 40) : undefined,
          supplier: r >= 0.35 ? { index: n % 3, stock: Math.floor(rnd() * 200), leadTimeDays: 1 + (n % 4) } : undefined,
          ageMinutes: Math.floor(rnd() * 60 * 24 * 90),
        });
      }
    }
  }
  return products;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** 12 digits + the EAN-13 check digit. */
function ean13(first12: string): string {
  const sum = [...first12].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return first12 + String((10 - (sum % 10)) % 10);
}
