import type { CategoryNode } from '../api';
import { Link } from '@tanstack/react-router';

/** Whether `slug` is this node or one of its descendants: keeps the active branch open. */
function contains(node: CategoryNode, slug: string | null): boolean {
  return !!slug && (node.slug === slug || node.children.some((c) => contains(c, slug)));
}

export function CategoryTree({ categories, active }: { categories: CategoryNode[]; active: string | null }) {
  return (
    <nav className="category-tree" aria-label="Categories">
      <ul>
        <li>
          <Link
            from="/"
            to="/"
            search={(prev) => ({ ...prev, category: undefined, q: undefined })}
            className={active ? '' : 'active'}
          >
            All products
          </Link>
        </li>
        {categories.map((c) => (
          <Branch key={c.id} node={c} active={active} />
        ))}
      </ul>
    </nav>
  );
}

/** A category keeps the price filter and sort; a search word is left behind (it searched everything). */
function Branch({ node, active }: { node: CategoryNode; active: string | null }) {
  const open = contains(node, active);
  return (
    <li>
      <Link
        from="/"
        to="/"
        search={(prev) => ({ ...prev, category: node.slug, q: undefined })}
        className={node.slug === active ? 'active' : ''}
        aria-current={node.slug === active ? 'page' : undefined}
      >
        <span>{node.name}</span>
        {node.productCount !== null && <span className="count">{node.productCount}</span>}
      </Link>
      {open && node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <Branch key={c.id} node={c} active={active} />
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
