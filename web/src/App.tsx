import { useState, type FormEvent } from 'react';
import { itemCount, useCart } from './cart';
import { AdminPage } from './pages/admin/AdminPage';
import { CartPage } from './pages/CartPage';
import { CatalogPage, useCategories } from './pages/CatalogPage';
import { CheckoutPage } from './pages/CheckoutPage';
import { OrderConfirmationPage, OrderLookupPage } from './pages/OrderPages';
import { ProductPage } from './pages/ProductPage';
import { Link, match, navigate, useLocation } from './router';

export function App() {
  const { path, query } = useLocation();
  const categories = useCategories();
  return (
    <div className="app">
      <Header initialQuery={query.get('q') ?? ''} key={query.get('q') ?? ''} />
      <main className="container">{route(path, categories.data)}</main>
      <footer className="footer">
        <div className="container footer__inner">
          <div>
            <strong>JNE Outlet</strong>
            <p>Brand goods at outlet prices, from our warehouse and trusted partners.</p>
          </div>
          <nav aria-label="Service">
            <Link to="/orders">Find your order</Link>
            <Link to="/cart">Cart</Link>
            <Link to="/admin">Back office</Link>
            <a href="/docs">API</a>
          </nav>
        </div>
      </footer>
    </div>
  );
}

function route(path: string, categories: ReturnType<typeof useCategories>['data']) {
  if (path === '/') return <CatalogPage categories={categories} />;
  let params = match('/p/:slug', path);
  if (params?.slug) return <ProductPage key={params.slug} slug={params.slug} />;
  if (path === '/cart') return <CartPage />;
  if (path === '/checkout') return <CheckoutPage />;
  params = match('/order/:number', path);
  if (params?.number) return <OrderConfirmationPage key={params.number} number={params.number} />;
  if (path === '/orders') return <OrderLookupPage />;
  if (path === '/admin' || path === '/admin/login') return <AdminPage />;
  return (
    <div className="narrow empty">
      <h1>Page not found</h1>
      <p>This page does not exist (any more).</p>
      <Link to="/" className="button button--primary">
        To the shop
      </Link>
    </div>
  );
}

function Header({ initialQuery }: { initialQuery: string }) {
  const lines = useCart();
  const count = itemCount(lines);
  const [q, setQ] = useState(initialQuery);
  const search = (event: FormEvent) => {
    event.preventDefault();
    const term = q.trim();
    navigate(term ? `/?q=${encodeURIComponent(term)}` : '/');
  };
  return (
    <header className="header">
      <div className="topbar">
        <div className="container">
          Brand goods at outlet prices<span className="topbar__more"> · Guest checkout, no account needed</span>
        </div>
      </div>
      <div className="container header__inner">
        <Link to="/" className="logo" aria-label="JNE Outlet home">
          <span className="logo__mark">JNE</span>
          <span className="logo__text">Outlet</span>
        </Link>
        <form className="search" role="search" onSubmit={search}>
          <input
            type="search"
            name="q"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="Search products or item no."
            aria-label="Search products"
          />
          <button type="submit" className="button button--primary">
            Search
          </button>
        </form>
        <nav className="header__nav" aria-label="Account">
          <Link to="/orders">Orders</Link>
          <Link to="/cart" className="cart-link" data-testid="cart-link">
            Cart
            {count > 0 && (
              <span className="cart-link__count" data-testid="cart-count">
                {count}
              </span>
            )}
          </Link>
        </nav>
      </div>
    </header>
  );
}
