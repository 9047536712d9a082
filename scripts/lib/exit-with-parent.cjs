// Preloaded into Prism (`node --require`): Prism exits when the process that started it
// goes away, however it went (a SIGKILL included), because the IPC channel then closes.
// Without it, a killed `npm start` or test run would leave Prism holding its port.
if (process.channel) {
  process.channel.unref();
  process.on('disconnect', () => process.exit(0));
}
