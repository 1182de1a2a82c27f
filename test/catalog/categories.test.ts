/** GET /api/categories (tree with counts) and the admin category routes, on every backend. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.js';
import { testApp, type TestApp } from '../support/app.js';
import { smallCatalog, type SmallCatalog } from '../support/catalog.js';

interface Node {
  slug: string;
  productCount: number;
  isActive: boolean;
  children: Node[];
}

for (const backend of backends) {
  describe(`categories on ${backend}`, () => {
    let t: TestApp;
    let catalog: SmallCatalog;
    beforeAll(async () => {
      t = await testApp(backend);
      catalog = await smallCatalog(t.database.db);
    });
    afterAll(() => t.close());
    const tree = async (headers: Record<string, string> = {}) =>
      (await t.app.inject({ url: '/api/categories', headers })).json<{ items: Node[] }>().items;
    const outline = (nodes: Node[]): unknown =>
      nodes.map((n) => [n.slug, n.productCount, ...(n.children.length ? [outline(n.children)] : [])]);

    it('returns the tree with active products counted in each category and below', async () => {
      expect(outline(await tree())).toEqual([
        ['fashion', 4, [['shoes', 3, [['sneakers', 2]]]]],
        // LAMP-1 is a draft and OLD-1 archived: only the mug counts.
        ['home', 1],
      ]);
    });

    it('creates, moves and renames categories (admin); 401 and 403 otherwise', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/categories',
        headers: t.admin,
        payload: { name: 'Boots & Booties', parentId: catalog.categories.fashion },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ slug: 'boots-booties', parentId: catalog.categories.fashion });
      const id = created.json().id;
      const moved = await t.app.inject({
        method: 'PATCH',
        url: `/api/categories/${id}`,
        headers: t.admin,
        payload: { parentId: catalog.categories.shoes, name: 'Boots' },
      });
      expect(moved.json()).toMatchObject({ parentId: catalog.categories.shoes, name: 'Boots' });

      const payload = { name: 'Nope' };
      expect((await t.app.inject({ method: 'POST', url: '/api/categories', payload })).statusCode).toBe(401);
      expect(
        (await t.app.inject({ method: 'POST', url: '/api/categories', payload, headers: t.staff })).statusCode,
      ).toBe(403);
      const dup = await t.app.inject({
        method: 'POST',
        url: '/api/categories',
        headers: t.admin,
        payload: { name: 'Shoes' },
      });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.details[0].path).toBe('/slug');
      const noParent = await t.app.inject({
        method: 'POST',
        url: '/api/categories',
        headers: t.admin,
        payload: { name: 'Orphan', parentId: 999999 },
      });
      expect(noParent.statusCode).toBe(400);
      expect(noParent.json().error.details[0].path).toBe('/parentId');
    });

    it('refuses to move a category below itself', async () => {
      const loop = await t.app.inject({
        method: 'PATCH',
        url: `/api/categories/${catalog.categories.fashion}`,
        headers: t.admin,
        payload: { parentId: catalog.categories.sneakers },
      });
      expect(loop.statusCode).toBe(409);
      expect(loop.json().error.message).toContain('would make a loop');
      const self = await t.app.inject({
        method: 'PATCH',
        url: `/api/categories/${catalog.categories.home}`,
        headers: t.admin,
        payload: { parentId: catalog.categories.home },
      });
      expect(self.statusCode).toBe(409);
      const missing = await t.app.inject({
        method: 'PATCH',
        url: '/api/categories/999999',
        headers: t.admin,
        payload: { name: 'X' },
      });
      expect(missing.statusCode).toBe(404);
    });

    it('deletes an empty category, deactivates a used one (hidden from the public, shown to staff)', async () => {
      const empty = (
        await t.app.inject({ method: 'POST', url: '/api/categories', headers: t.admin, payload: { name: 'Empty' } })
      ).json().id;
      const del = await t.app.inject({ method: 'DELETE', url: `/api/categories/${empty}`, headers: t.admin });
      expect(del.json()).toEqual({ id: empty, outcome: 'deleted' });

      const used = await t.app.inject({
        method: 'DELETE',
        url: `/api/categories/${catalog.categories.home}`,
        headers: t.admin,
      });
      expect(used.json()).toMatchObject({ id: catalog.categories.home, outcome: 'archived' });
      expect((await tree()).map((n) => n.slug)).toEqual(['fashion']);
      const staffView = await tree(t.staff);
      expect(staffView.find((n) => n.slug === 'home')).toMatchObject({ isActive: false, productCount: 1 });
      expect(
        (await t.app.inject({ method: 'DELETE', url: '/api/categories/999999', headers: t.admin })).statusCode,
      ).toBe(404);
      expect(
        (await t.app.inject({ method: 'DELETE', url: `/api/categories/${empty}`, headers: t.staff })).statusCode,
      ).toBe(403);
    });
  });
}
