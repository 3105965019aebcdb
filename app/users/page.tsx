import { UsersView } from '@/components/account/users-view';
import { WebhooksView } from '@/components/webhooks/webhooks-view';

export const metadata = { title: 'Users · Flowdeck' };

/** /users: accounts and their roles (admins). */
export default function UsersPage() {
  return (
    <section className="page-section">
      <h1>Users</h1>
      <UsersView />
      <WebhooksView />
    </section>
  );
}
