/** The simulated supplier's catalog: generated items, a CSV feed of them, and stock answers. */
export interface SimItem {
  supplierSku: string;
  name: string;
  gtin: string;
  /** Decimal string, e.g. "12.40". */
  unitCost: string;
  available: number;
}

export function generateCatalog(size: number): SimItem[] {
  return Array.from({ length: size }, (_, i) => {
    const n = i + 1;
    const cents = 500 + ((n * 737) % 4500);
    return {
      supplierSku: `SIM-${String(n).padStart(4, '0')}`,
      name: `Simulated item ${n}`,
      gtin: `400000${String(n).padStart(7, '0')}`,
      unitCost: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
      available: (n * 13) % 50,
    };
  });
}

/** The feed in the shop's default column names (supplier_sku, name, gtin, cost_price, stock_quantity). */
export function catalogCsv(items: SimItem[]): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = items.map((i) => [i.supplierSku, i.name, i.gtin, i.unitCost, String(i.available)].map(quote).join(','));
  return ['supplier_sku,name,gtin,cost_price,stock_quantity', ...lines].join('\n') + '\n';
}
