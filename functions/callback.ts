/** SCF entry point for the callback function. Wired to lib/pipeline in the pipeline issue (#5). */
export async function main(event: unknown): Promise<{ received: boolean }> {
  return { received: event !== undefined };
}
