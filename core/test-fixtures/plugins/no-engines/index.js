throw new Error('must never be imported: the manifest check comes first');
