/** Instances overview (the dashboard's home). */
export default function HomePage() {
  return (
    <section>
      <h1>Instances</h1>
      <p className="muted">Workflow instances will be listed here.</p>
    </section>
  );
}
