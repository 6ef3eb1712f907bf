// Which id a story keeps. Published feeds use a story's id as their permanent item id, so an id never changes once
// minted: a story that grows keeps its id, and when stories merge the one minted first survives.

export interface MintedStory {
  id: string;
  createdAt: Date;
}

/** The story whose id a merge keeps: the earliest minted; the smaller id breaks a tie so every run agrees. */
export function survivingStory<T extends MintedStory>(stories: T[]): T | undefined {
  return [...stories].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))[0];
}
