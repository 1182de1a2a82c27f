/** The category tree, flattened in tree order with each category's depth. */
import type { CategoryNode } from '../../api';

export function flatCategories(nodes: CategoryNode[], depth = 0): { node: CategoryNode; depth: number }[] {
  return nodes.flatMap((node) => [{ node, depth }, ...flatCategories(node.children as CategoryNode[], depth + 1)]);
}

/** As options of a select, each indented under its parent. */
export function categoryOptions(nodes: CategoryNode[]): { value: string; label: string }[] {
  return flatCategories(nodes).map(({ node, depth }) => ({
    value: String(node.id),
    label: `${'  '.repeat(depth)}${depth > 0 ? '└ ' : ''}${node.name}${node.isActive ? '' : ' (inactive)'}`,
  }));
}
