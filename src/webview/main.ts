import { ToWebview, type FromWebview } from '../protocol/messages';

// Placeholder sidebar until the sidebar issue: shows the extension's status line.
interface VsCodeApi {
  postMessage(message: FromWebview): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const status = document.getElementById('status');

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const msg = ToWebview.safeParse(event.data);
  if (!msg.success || !status) return;
  status.textContent = msg.data.text;
});
api.postMessage({ type: 'ready' });
