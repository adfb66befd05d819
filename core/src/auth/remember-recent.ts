/**
 * `fn`, remembering its answers for the inputs seen lately (all forgotten at once past `max`).
 * For hashes of credentials a request carries: every signed-in request would compute the same one
 * again, and the inputs are already in this process's memory.
 */
export function rememberRecent(fn: (input: string) => string, max: number): (input: string) => string {
  const recent = new Map<string, string>();
  return (input) => {
    let answer = recent.get(input);
    if (answer === undefined) {
      answer = fn(input);
      if (recent.size >= max) recent.clear();
      recent.set(input, answer);
    }
    return answer;
  };
}
