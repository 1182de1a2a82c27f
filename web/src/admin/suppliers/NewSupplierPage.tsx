import { Link, useNavigate } from '@tanstack/react-router';
import { AdminOnlyPage } from '../role';
import { NEW_SUPPLIER } from './settings';
import { SupplierForm } from './SupplierForm';

/** A new supplier with every integration setting (admin). */
export function NewSupplierPage() {
  const navigate = useNavigate();
  return (
    <section>
      <p className="breadcrumb">
        <Link to="/admin/suppliers">Suppliers</Link> › New
      </p>
      <h1>New supplier</h1>
      <AdminOnlyPage>
        <SupplierForm
          initial={NEW_SUPPLIER}
          onSaved={(saved) => void navigate({ to: '/admin/suppliers/$id', params: { id: String(saved.id) } })}
        />
      </AdminOnlyPage>
    </section>
  );
}
