// Run only by scripts/check-exit-code.ts: a test file that crashes while loading.
throw new Error('crashes on purpose');
