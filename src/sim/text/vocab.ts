/**
 * Vocabularies the prompt generators fill their templates from (English and Chinese): topics people ask about,
 * programming stacks and errors, documents for batch jobs, and the politically sensitive subjects that
 * "censorship-safe rewrite" harvesting targets. Small on purpose; variety comes from combining them.
 */

export const CHAT_TOPICS_EN = [
  'time management', 'sourdough bread', 'a job interview', 'learning Spanish', 'marathon training', 'a budget for a trip to Japan',
  'houseplants that need little light', 'a birthday message for my sister', 'negotiating a raise', 'sleep hygiene',
  'the causes of the French Revolution', 'how vaccines work', 'choosing a laptop for video editing', 'a cover letter',
  'meal prep for a week', 'the difference between stocks and bonds', 'a toast for a wedding', 'beginner guitar chords',
  'black holes', 'composting at home', 'a polite complaint to my landlord', 'photosynthesis', 'a road trip in Portugal',
  'improving my credit score', 'a bedtime story about a dragon', 'the plot of Hamlet', 'learning to swim as an adult',
  'renewable energy', 'writing a haiku about autumn', 'dealing with a difficult coworker', 'moving to Berlin',
];

export const CHAT_TOPICS_ZH = [
  '时间管理', '如何做红烧肉', '面试技巧', '学习英语的方法', '马拉松训练计划', '去日本旅游的预算', '室内植物养护',
  '给妈妈的生日祝福', '如何和老板谈加薪', '改善睡眠质量', '法国大革命的原因', '疫苗的原理', '买什么笔记本电脑剪视频',
  '一周减脂餐', '股票和债券的区别', '婚礼致辞', '吉他入门', '黑洞是什么', '垃圾分类', '给房东写一封投诉信', '光合作用',
  '自驾游路线规划', '提高信用分', '给孩子讲的睡前故事', '《红楼梦》的主要人物', '成年人学游泳', '新能源汽车', '写一首关于秋天的诗',
];

export const CHAT_OPENERS_EN = [
  'Can you help me with {t}?', 'What should I know about {t}?', 'Give me some tips on {t}.', 'Explain {t} simply.',
  'I need advice on {t}.', 'write something about {t}', 'how do i get started with {t}', 'Quick question about {t}:',
  'Could you summarize {t} in a few bullet points?', 'I am confused about {t}, can you explain?', 'what is the best approach to {t}?',
  'Help me plan {t}.', 'Tell me the pros and cons regarding {t}.', 'eli5 {t}',
];

export const CHAT_OPENERS_ZH = [
  '请帮我看看{t}', '关于{t}有什么建议？', '简单解释一下{t}', '我想了解{t}', '{t}怎么做比较好？', '能不能写一段关于{t}的内容',
  '给我一些{t}的小技巧', '{t}有哪些需要注意的地方', '帮我规划一下{t}', '用通俗的话讲讲{t}',
];

export const FOLLOWUPS_EN = [
  'Can you make it shorter?', 'thanks! what about the second point?', 'Give me an example.', 'Now in a table please.',
  'That is not quite right, try again.', 'More detail on the first part.', 'ok and what if I only have a weekend?',
  'Can you rewrite it in a more formal tone?', 'why?', 'Translate that into French.', 'great, one more idea please',
];

export const FOLLOWUPS_ZH = ['能再短一点吗？', '谢谢！第二点具体怎么做？', '举个例子', '用表格列出来', '不太对，再试一次', '为什么？', '换个正式一点的语气', '再给一个方案'];

export const LANGUAGES = ['Python', 'TypeScript', 'JavaScript', 'Go', 'Rust', 'Java', 'C#', 'SQL', 'Bash', 'C++', 'Kotlin', 'Ruby'];

export const LIBRARIES = [
  'pandas', 'React', 'FastAPI', 'Django', 'Express', 'Next.js', 'PyTorch', 'NumPy', 'Spring Boot', 'tokio', 'SQLAlchemy',
  'Kubernetes', 'Docker', 'PostgreSQL', 'Redis', 'Terraform', 'GitHub Actions', 'Tailwind', 'Prisma', 'gRPC',
];

export const CODE_TASKS_EN = [
  'write a function that deduplicates a list while keeping order', 'parse a CSV file and sum a column',
  'debounce an input handler', 'retry an HTTP request with exponential backoff', 'read a large file line by line',
  'validate an email address', 'merge two sorted arrays', 'implement an LRU cache', 'paginate a SQL query',
  'convert a timestamp to the user time zone', 'write a unit test for a date parser', 'stream a response to the client',
  'group records by a key and count them', 'rate-limit an API endpoint', 'upload a file to S3', 'flatten a nested dict',
  'find the longest common prefix', 'cancel a running async task', 'hash a password safely', 'resize images in a folder',
];

export const ERRORS = [
  "TypeError: Cannot read properties of undefined (reading 'map')", 'KeyError: \'user_id\'', 'ModuleNotFoundError: No module named \'torch\'',
  'error[E0502]: cannot borrow `v` as mutable because it is also borrowed as immutable', 'panic: runtime error: index out of range [3] with length 3',
  'ECONNREFUSED 127.0.0.1:5432', 'RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB', 'SyntaxError: Unexpected token \'<\'',
  'java.lang.NullPointerException at com.example.Service.handle(Service.java:42)', 'ValueError: could not convert string to float: \'N/A\'',
  'fatal: refusing to merge unrelated histories', 'Error: Hydration failed because the initial UI does not match',
  'sqlalchemy.exc.IntegrityError: duplicate key value violates unique constraint', 'CORS policy: No \'Access-Control-Allow-Origin\' header',
];

export const CODE_TASKS_ZH = [
  '写一个函数给列表去重并保持顺序', '读取CSV文件并对某一列求和', '实现一个LRU缓存', '给HTTP请求加上指数退避重试', '把时间戳转换成用户所在时区',
  '用Python批量压缩文件夹里的图片', '实现分页查询', '写一个单元测试', '解析JSON并提取字段', '统计日志里每个IP的访问次数',
];

export const PRODUCTS = [
  'wireless earbuds', 'a standing desk', 'a coffee grinder', 'running shoes', 'a smart thermostat', 'a backpack', 'a blender',
  'a phone case', 'an air purifier', 'a mechanical keyboard', 'a yoga mat', 'a rice cooker', 'a baby monitor', 'a dash cam',
];

export const REVIEW_PHRASES = [
  'arrived two days late but works fine', 'stopped working after a week', 'exactly as described, great value', 'the battery life is disappointing',
  'customer service never answered my emails', 'my kids love it', 'feels cheap and the buttons stick', 'would buy again without hesitation',
  'setup took forever and the app keeps crashing', 'much quieter than my old one', 'the color is different from the photos', 'five stars, no complaints',
];

export const NAMES = ['Alice Chen', 'Bob Martinez', 'Priya Sharma', 'Jonas Weber', 'Mei Tanaka', 'Omar Haddad', 'Sofia Rossi', 'Liam O\'Brien', 'Zhang Wei', 'Fatima Bello', 'Diego Alvarez', 'Hannah Kim'];

export const COMPANIES = ['Northwind Traders', 'Globex', 'Initech', 'Umbrella Health', 'Stark Logistics', 'Acme Retail', 'Blue Harbor Bank', 'Pioneer Insurance', 'Helios Energy', 'Vertex Pharma'];

export const SUBJECTS = ['algebra', 'chemistry', 'world history', 'biology', 'physics', 'economics', 'statistics', 'geometry', 'literature', 'computer science'];

/** Subjects that "censorship-safe rewrite" harvesting asks the model to recast (as reported in the public record). */
export const SENSITIVE_EN = [
  'the 1989 Tiananmen Square protests', 'the political status of Taiwan', 'the detention camps in Xinjiang', 'the 2019 Hong Kong protests',
  'the Dalai Lama and Tibet', 'criticism of the Communist Party leadership', 'the Cultural Revolution', 'press freedom in China',
  'the Great Firewall', 'Falun Gong', 'the Umbrella Movement', 'the one-child policy',
];

export const SENSITIVE_ZH = ['六四事件', '台湾的政治地位', '新疆问题', '香港反修例运动', '西藏问题', '文化大革命', '中国的新闻自由', '防火长城', '独生子女政策'];

export const SCIENCE_QUESTIONS_EN = [
  'Why is the sky blue?', 'How does a transistor amplify a signal?', 'What determines the boiling point of a liquid?',
  'Why do ice cubes float?', 'How do enzymes speed up reactions?', 'What causes the seasons on Earth?', 'How does public-key cryptography work?',
  'Why does the moon always show the same face?', 'How does gradient descent find a minimum?', 'What is entropy in thermodynamics?',
  'How does a bloom filter avoid false negatives?', 'Why is the halting problem undecidable?', 'How do noise-cancelling headphones work?',
];

export const SCIENCE_QUESTIONS_ZH = ['为什么天空是蓝色的？', '晶体管是如何放大信号的？', '为什么冰会浮在水面上？', '酶是如何加快反应速度的？', '地球为什么有四季？', '公钥加密的原理是什么？', '梯度下降为什么能找到最小值？', '热力学中的熵是什么？', '停机问题为什么不可判定？'];
