/**
 * The category tree with its product counts, and a new category (admin): a name and, for a
 * subcategory, its parent. The storefront's navigation follows the tree.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { call, listCategories, staffApi } from '../../api';
import { Field, FormError } from '../../ui/form';
import { QueryView } from '../../ui/states';
import { AdminOnly } from '../role';
import { categoryOptions, flatCategories } from './categories';

export function Categories() {
  const categories = useQuery({ queryKey: ['categories'], queryFn: ({ signal }) => listCategories(signal) });
  return (
    <details className="panel categories" data-testid="categories">
      <summary>Categories</summary>
      <QueryView query={categories} isEmpty={(d) => d.length === 0} empty={<p className="muted">No categories yet.</p>}>
        {(tree) => (
          <ul className="category-list">
            {flatCategories(tree).map(({ node, depth }) => (
              <li key={node.id} style={{ paddingLeft: `${depth * 18}px` }}>
                {node.name} <span className="muted">({node.productCount} active products)</span>
                {!node.isActive && <span className="muted"> · inactive</span>}
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      <AdminOnly>
        <NewCategory />
      </AdminOnly>
    </details>
  );
}

function NewCategory() {
  const queryClient = useQueryClient();
  const categories = useQuery({ queryKey: ['categories'], queryFn: ({ signal }) => listCategories(signal) });
  const [name, setName] = useState('');
  const [parentId, setParentId] = useState('');
  const create = useMutation({
    mutationFn: () =>
      call(
        staffApi.POST('/api/categories', {
          body: { name: name.trim(), ...(parentId ? { parentId: Number(parentId) } : {}) },
        }),
      ),
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: ['categories'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form className="stock-form stock-form--inline" onSubmit={submit} aria-label="New category">
      <FormError error={create.error} fields={['name', 'parentId']} />
      <Field label="New category" path="name" error={create.error}>
        {(props) => <input {...props} value={name} onChange={(e) => setName(e.target.value)} required />}
      </Field>
      <Field label="Under" path="parentId" error={create.error}>
        {(props) => (
          <select {...props} value={parentId} onChange={(e) => setParentId(e.target.value)}>
            <option value="">the top level</option>
            {categoryOptions(categories.data ?? []).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" className="button button--small" disabled={create.isPending}>
        Add category
      </button>
    </form>
  );
}
