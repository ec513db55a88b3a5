// The reference page of `npm run bench -- ui`: React's hello world, built with esbuild at bench time
// (production React, minified) and served by a plain static HTTP server to the same Chromium.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

function Hello() {
  return <h1>Hello, world</h1>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Hello />
  </StrictMode>,
);
