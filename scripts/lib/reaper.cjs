// Started once by scripts/lib/tools.mjs in a process that starts children (a test worker, a
// script), over an IPC channel: it is told the process group of each child started and of each
// one gone, and when the channel closes (the process that started it is gone, however it went,
// a SIGKILL included) it kills every group still listed, then exits. So a killed test run leaves
// no server, npm or Prism behind, as exit-with-parent.cjs does for Prism alone.
if (!process.channel) {
  console.error('reaper.cjs is started by scripts/lib/tools.mjs, over an IPC channel');
  process.exit(2);
}
const groups = new Set();
process.on('message', (message) => {
  if (message && Number.isInteger(message.add)) groups.add(message.add);
  if (message && Number.isInteger(message.gone)) groups.delete(message.gone);
});
process.on('disconnect', () => {
  for (const group of groups)
    try {
      process.kill(-group, 'SIGKILL');
    } catch {}
  process.exit(0);
});
