import type { CategoryNode } from '../api';
import { Link } from '../router';

export function categoryHref(slug: string | null, query: URLSearchParams): string {
  const next = new URLSearchParams(query);
  if (slug) next.set('category', slug);
  else next.delete('category');
  next.delete('q');
  const s = next.toString();
  return s ? `/?${s}` : '/';
}

/** Whether `slug` is this node or one of its descendants: keeps the active branch open. */
function contains(node: CategoryNode, slug: string | null): boolean {
  return !!slug && (node.slug === slug || node.children.some((c) => contains(c, slug)));
}

export function CategoryTree({
  categories,
  active,
  query,
}: {
  categories: CategoryNode[];
  active: string | null;
  query: URLSearchParams;
}) {
  return (
    <nav className="category-tree" aria-label="Categories">
      <ul>
        <li>
          <Link to={categoryHref(null, query)} className={active ? '' : 'active'}>
            All products
          </Link>
        </li>
        {categories.map((c) => (
          <Branch key={c.id} node={c} active={active} query={query} />
        ))}
      </ul>
    </nav>
  );
}

function Branch({ node, active, query }: { node: CategoryNode; active: string | null; query: URLSearchParams }) {
  const open = contains(node, active);
  return (
    <li>
      <Link
        to={categoryHref(node.slug, query)}
        className={node.slug === active ? 'active' : ''}
        aria-current={node.slug === active ? 'page' : undefined}
      >
        <span>{node.name}</span>
        {node.productCount !== null && <span className="count">{node.productCount}</span>}
      </Link>
      {open && node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <Branch key={c.id} node={c} active={active} query={query} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function findCategory(nodes: CategoryNode[], slug: string | null): CategoryNode | null {
  if (!slug) return null;
  for (const n of nodes) {
    if (n.slug === slug) return n;
    const found = findCategory(n.children, slug);
    if (found) return found;
  }
  return null;
}
