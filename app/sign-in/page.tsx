import { Suspense } from 'react';
import { SignInForm } from '@/components/account/sign-in-form';

export const metadata = { title: 'Sign in · Flowdeck' };

/** /sign-in: the ways this server offers to sign in. */
export default function SignInPage() {
  return (
    <section className="page-section narrow">
      <h1>Sign in</h1>
      <Suspense>
        <SignInForm />
      </Suspense>
    </section>
  );
}
