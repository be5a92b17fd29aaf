/**
 * Small built-in stop lists for hot words (issue 13: "stop words removed"). A policy adds its own
 * (`hotWords.extraStopWords`). Chinese has no word boundaries, so its list works on the edges of
 * character n-grams: a gram that starts or ends with a function character or a function word
 * ("的包装", "收到了", "我们的") is left out, while the same character inside a gram stays
 * ("质量不好" keeps 不). Characters that begin real complaint phrases (有异味, 没收到, 被骗, 不能
 * 开机) are deliberately not on it.
 */
export const CHINESE_EDGE_STOP_CHARACTERS =
  '的了吗呢吧啊呀哦么嘛着得地和与及或就都也还又很我你您他她它们这那是在把给但而并且即才只于以之其此该哈嗯呃噢';

export const CHINESE_STOP_WORDS: readonly string[] = (
  '我们 你们 他们 她们 它们 咱们 这个 那个 这些 那些 一个 一些 什么 怎么 因为 所以 ' +
  '但是 然后 如果 虽然 已经 还是 或者 就是 可以 自己 这样 那样 现在 时候 一下 今天 ' +
  '昨天 明天 谢谢 请问 您好 你好 非常 真的 一直 还有 希望 麻烦 一次 一样 这种 那种'
).split(' ');

/**
 * English: the common function words (after the stop lists of NLTK and of RAKE, Rose et al.,
 * "Automatic keyword extraction from individual documents", 2010). As in RAKE a stop word ends a
 * phrase, so "screen of my phone cracked" gives "screen" and "phone cracked", never "screen phone".
 */
export const ENGLISH_STOP_WORDS: readonly string[] = (
  "a about above after again against all also am an and any are aren't as at be because " +
  "been before being below between both but by can can't cannot could couldn't dear did " +
  "didn't do does doesn't doing don't down during each even ever few for from further get " +
  "got had hadn't has hasn't have haven't having he hello her here hers herself hi him " +
  "himself his how i i'd i'll i'm i've if in into is isn't it it's its itself just me more " +
  'most my myself no nor not now of off on once only or other our ours ourselves out over ' +
  "own please same she should since so some still such than thank thanks that that's the " +
  'their theirs them themselves then there these they this those through to too under until ' +
  "up very was wasn't we were what when where which while who whom why will with won't " +
  "would wouldn't yet you your yours yourself yourselves"
).split(' ');
