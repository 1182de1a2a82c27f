/**
 * The file name of a supplier order's purchase order: PO-<reference>.<ext>, the reference with
 * every character that is not safe in a file name on any system (the "/" between order number,
 * supplier and key) replaced by "_". The reference ends in a random key, so names stay unique.
 */
export function purchaseOrderFileName(reference: string, extension: 'csv' | 'html'): string {
  return `PO-${reference.replace(/[^A-Za-z0-9._-]/g, '_')}.${extension}`;
}
