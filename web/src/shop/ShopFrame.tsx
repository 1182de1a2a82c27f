/** The storefront's header (search, cart) and footer around every shop page. */
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent, type ReactNode } from 'react';
import { itemCount, useCart } from '../cart';

export function ShopFrame({ children }: { children: ReactNode }) {
  const search: { q?: string } = useSearch({ strict: false });
  return (
    <div className="app">
      <Header initialQuery={search.q ?? ''} key={search.q ?? ''} />
      <main className="container">{children}</main>
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

function Header({ initialQuery }: { initialQuery: string }) {
  const lines = useCart();
  const count = itemCount(lines);
  const [q, setQ] = useState(initialQuery);
  const navigate = useNavigate();
  const search = (event: FormEvent) => {
    event.preventDefault();
    const term = q.trim();
    void navigate({ to: '/', search: term ? { q: term } : {} });
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
