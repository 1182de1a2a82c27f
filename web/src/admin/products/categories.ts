/** The category tree as a flat list of options, each indented under its parent. */
import type { CategoryNode } from '../../api';

export function categoryOptions(nodes: CategoryNode[], depth = 0): { value: string; label: string }[] {
  return nodes.flatMap((n) => [
    {
      value: String(n.id),
      label: `${'  '.repeat(depth)}${depth > 0 ? '└ ' : ''}${n.name}${n.isActive ? '' : ' (inactive)'}`,
    },
    ...categoryOptions(n.children as CategoryNode[], depth + 1),
  ]);
}
