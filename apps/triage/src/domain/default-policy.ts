import { chinaMainland2026 } from '@redress/business-time';
import type { Keyword, TriagePolicy } from './triage-policy';

/**
 * Words of rudeness that say nothing of who was rude: listed under service, staff and courier
 * attitude alike, so they take no side between them and the role word (`客服`, `店员`,
 * `快递员`, `helpline`, `cashier`, `driver`) decides. Words that belong to one channel stay
 * with it (hanging up: the phone; refusing to carry a parcel upstairs: the courier).
 */
// prettier-ignore
const RUDENESS: Keyword[] = [
  '态度', '态度差', '态度恶劣', '态度不好', '态度极差', '态度傲慢', '态度很差', '态度太差', '态度非常差', '态度好差', '态度超差', '态度真差', '态度特别差', '什么态度', '耍态度',
  '不耐烦', '没耐心', '没有耐心', '骂人', '骂我', '辱骂', '恶语', '吼我', '凶我', '怼我', '凶', '凶巴巴', '吼', '大吼', '大吼大叫', '嚷嚷', '冷漠', '冷冰冰',
  '冷淡', '冷笑', '不理人', '爱答不理', '爱理不理', '爱搭不理', '不搭理', '不理不睬', '阴阳怪气', '傲慢', '嚣张', '语气', '口气', '嘲笑', '讽刺', '嘲讽', '冷嘲热讽',
  '看不起', '瞧不起', '看不起人', '狗眼看人低', '势利眼', '嫌弃', '不屑', '轻蔑', '没好脸色', '甩脸色', '脸色难看', '摆脸色', '给脸色', '黑脸', '黑面', '黑口黑面',
  '没礼貌', '不礼貌', '不客气', '不尊重', '侮辱', '羞辱', '歧视', '恶劣', '说话难听', '说话很冲', '说话冲', '语气很冲', '爱买不买', '爱要不要', '教训', '质问', '找茬',
  '嫌烦', '敷衍', '敷衍了事', '好串', '说我有病', '冷言冷语', '难堪', '道歉', '要求道歉', '同理心', '催我', '打断', '骂骂咧咧',
  '態度差', '態度惡劣', '態度不好', '態度很差', '態度好差', '不耐煩', '罵人', '罵我', '辱罵', '沒禮貌', '冇禮貌', '不禮貌', '臭臉', '擺臭臉', '被嗆', '嗆我', '嗆聲',
  '很兇', '好兇', '兇', '愛理不理', '冇耐性', '沒耐心', '口氣很差', '語氣很差', '鬧人', '鬧我', '好寸', '寸我', '把口好衰', '口好衰', '串我', '態度', '被唸', '嘆氣',
  'rude', 'very rude', 'so rude', 'extremely rude', 'rude to me', 'was rude', 'impolite', 'unfriendly', 'disrespectful',
  'bad attitude', 'attitude', 'attitude problem', 'poor attitude', 'sarcastic', 'condescending', 'patronising',
  'patronizing', 'dismissive', 'arrogant', 'snide', 'snapped at', 'snappy', 'abrupt', 'curt', 'short with me',
  'belittl*', 'insult*', 'mocked', 'mocking', 'sneered', 'laughed at', 'swore', 'shouted', 'shouting', 'yelled',
  'yelling', 'raised his voice', 'raised her voice', 'aggressive', 'hostile', 'argued', 'argumentative', 'impatient',
  'unpleasant', 'nasty', 'horrible to me', 'treated like', 'talked down', 'talked over', "couldn't care less",
  "didn't care", 'uncaring', 'heartless', 'empathy', 'apology', 'humiliat*', 'embarrass*', 'racist', 'discriminat*',
  'unwelcoming', 'sighed', 'tutted', 'muttered', 'glared', 'scowled', 'rolled her eyes', 'rolled his eyes', 'eye roll',
  'unhelpful', 'disgraceful', 'sulky',
];

/** Words of (un)professionalism shared by remote customer service and staff met in person. */
// prettier-ignore
const UNPROFESSIONAL: Keyword[] = [
  '不专业', '一问三不知', '什么都不懂', '什么都不知道', '不懂业务', '业务不熟', '不熟悉', '答不上来', '不靠谱', '粗心', '马虎', '弄错', '搞错', '做错', '说错', '没听我',
  '不听我说', '技术差', '技术不行', '手艺差',
  '不專業', '一問三不知', '業務不熟', '搞錯', '技術差',
  'unprofessional', 'incompetent', 'clueless', 'not knowledgeable', 'lack of knowledge', 'poorly trained', 'untrained',
  'inexperienced', 'unqualified', 'careless', 'got it wrong', 'messed up', "didn't listen", 'did not listen', 'no idea',
  "didn't know",
];

/**
 * The triage policy a new deployment starts with: DOMAIN §2's defaults and CONTRACT's default
 * routing. Keywords come in simplified Chinese, traditional Chinese and English; the traditional
 * spellings are matched through the normaliser anyway and are listed where editors in Hong Kong
 * or Taiwan would look for them. Enterprises replace all of it through `PUT /triage/policy`.
 * Keyword lists keep one language per line (simplified, traditional, English), hence no
 * automatic formatting here.
 */
// prettier-ignore
const policy: TriagePolicy = {
  taxonomy: {
    types: {
      // DOMAIN §2 (000): product — quality defect, function mismatch, safety; 004: function | quality.
      product: {
        label: '产品 product',
        defaultCategory: 'unspecified',
        keywords: [
          '质量', '产品', '品控', '材质', '手机', '电脑', '笔记本', '平板', '耳机', '音箱', '电视', '显示器', '相机', '手表', '充电器', '充电宝', '数据线',
          '电池', '路由器', '打印机', '冰箱', '空调', '洗衣机', '热水器', '电饭煲', '电水壶', '微波炉', '烤箱', '吹风机', '电风扇', '扫地机', '吸尘器', '电暖器',
          '除湿机', '牙刷', '插座', '延长线', '衣服', '裤子', '裙子', '外套', '羽绒服', '鞋', '包包', '床单', '家具', '沙发', '桌子', '椅子', '柜子', '床垫',
          '窗帘', '行李箱', '眼镜', '食品', '食物', '零食', '饮料', '牛奶', '奶粉', '酸奶', '面包', '蛋糕', '月饼', '饼干', '水果', '罐头', '饺子', '外卖',
          '饭菜', '肉', '化妆品', '护肤品', '面膜', '洗发水', '乳液', '香水', '玩具', '电动车', '自行车', '喇叭', '电器', '家电', '小家电', '台灯', '灯泡',
          '杯子', '水杯', '保温杯', '毛巾', '被子', '枕头', '鞋子', '运动鞋', '皮鞋', '拖鞋', '袜子', '内衣', '帽子', '手套', '背包', '书包', '钱包', '皮带',
          '首饰', '项链', '戒指', '手机壳', '键盘', '鼠标', '投影仪', '游戏机', '手环', '门锁', '马桶', '水龙头', '花洒', '衣柜', '书柜', '茶几', '餐桌',
          '空气净化器', '净水器', '加湿器', '电磁炉', '燃气灶', '油烟机', '洗碗机', '榨汁机', '咖啡机', '婴儿车', '奶瓶', '纸尿裤', '婴儿床', '安全座椅', '剃须刀',
          '口红', '粉底', '面霜', '防晒霜', '沐浴露', '牙膏', '洗衣液', '纸巾', '保健品', '茶叶', '白酒', '红酒', '矿泉水', '大米', '食用油', '酱油', '方便面',
          '泡面', '火腿肠', '熟食', '卤味', '蔬菜', '冰淇淋', '雪糕', '巧克力', '糖果', '坚果', '薯片', '果汁', '奶茶', '汉堡', '炸鸡', '炒饭', '面条', '包子',
          '粽子', '猪肉', '牛肉', '鸡肉', '球鞋', '滑鼠', '尿布', '汽座', '沐浴乳', '洗衣精', '保健食品', '珍奶', '炒锅', '锅具', '不粘锅', '电锅', '鱼肉',
          '啤酒', '酒水', '手提电脑',
          '品質', '產品', '質素', '筆電', '螢幕', '行動電源', '印表機', '雪櫃', '冷氣', '電子鍋', '快煮壺', '焗爐', '風筒', '褲', '鮮奶', '優格', '麵包',
          '餅乾', '便當', '防曬', '洗髮精', '機車', '腳踏車', '保溫瓶', '電器', '家電', '檯燈', '燈泡', '手錶', '錢包', '首飾', '項鍊', '手機殼', '鍵盤',
          '馬桶', '水龍頭', '衣櫃', '空氣清淨機', '淨水器', '電磁爐', '瓦斯爐', '洗碗機', '嬰兒車', '嬰兒床', '刮鬍刀', '口紅', '茶葉', '泡麵', '海鮮', '堅果',
          '漢堡', '炸雞', '炒飯', '豬肉', '雞肉', '凍肉', '麵條', '拉麵', '飲料', '手提電腦',
          'product', 'build quality', 'quality control', 'smartphone', 'mobile phone', 'new phone', 'laptop', 'tablet',
          'headphones', 'earbuds', 'tv', 'television', 'camera', 'smart watch', 'charger', 'power bank', 'battery',
          'printer', 'router', 'fridge', 'freezer', 'washing machine', 'dishwasher', 'kettle', 'toaster', 'microwave',
          'oven', 'hoover', 'vacuum', 'hair dryer', 'straighteners', 'heater', 'blender', 'coffee machine',
          'toothbrush', 'jacket', 'coat', 'jumper', 't-shirt', 'shirt', 'jeans', 'dress', 'shoes', 'trainers', 'boots',
          'handbag', 'clothes', 'sofa', 'chair', 'wardrobe', 'mattress', 'food', 'meal', 'sandwich', 'bread', 'milk',
          'yoghurt', 'yogurt', 'cheese', 'chicken', 'meat', 'salad', 'fruit', 'cereal', 'snack', 'soup', 'noodles',
          'biscuits', 'cookies', 'chocolate', 'perfume', 'shampoo', 'makeup', 'toy', 'pram', 'scooter', 'bike',
          'sunglasses', 'glasses', 'lamp', 'bulb', 'mug', 'cup', 'towel', 'duvet', 'pillow', 'slippers', 'socks',
          'gloves', 'backpack', 'wallet', 'purse', 'necklace', 'earrings', 'jewellery', 'jewelry', 'phone case',
          'keyboard', 'projector', 'fitness tracker', 'shower', 'air purifier', 'air fryer', 'hob', 'cooker',
          'extractor', 'juicer', 'buggy', 'stroller', 'car seat', 'nappies', 'diapers', 'razor', 'lipstick',
          'moisturiser', 'moisturizer', 'sun cream', 'sunscreen', 'toothpaste', 'detergent', 'supplement*', 'vitamins',
          'coffee', 'wine', 'beer', 'pizza', 'burger', 'crisps', 'juice', 'ice cream', 'sweets', 'nuts', 'prawns',
          'fish', 'steak', 'sausage*', 'vegetables', 'strawberries', 'dessert',
        ],
        categories: {
          quality: {
            label: '质量 quality',
            keywords: [
              '质量问题', '质量差', '质量太差', '质量不好', '质量不行', '品质差', '做工差', '做工粗糙', '粗制滥造', '偷工减料', '劣质', '廉价', '次品', '残次品',
              '瑕疵', '三无', '不结实', '材质差', '一碰就', '开裂', '裂纹', '划痕', '刮花', '刮痕', '掉漆', '脱漆', '掉色', '褪色', '变色', '发黄', '起球',
              '缩水', '变形', '走形', '开胶', '脱胶', '脱线', '开线', '线头', '起皮', '掉皮', '脱皮', '生锈', '锈点', '锈迹', '锈斑', '异味', '松动',
              '晃动', '瑕疵品', '凹痕', '做工', '走线', '长短不一', '不一样长', '廉价感', '裂痕', '一块一块掉', '剥落', '用料差', '不耐用', '不经用', '没用多久',
              '用了没几天', '质量太次', '太次', '烂货', '毛边', '毛刺', '翘边', '不牢', '掉毛', '起毛', '勾丝', '破洞', '开缝', '染色', '串色', '歪斜',
              '不对称', '粗糙', '甩色', '起毛球', '做得很差',
              '質量問題', '品質', '品質差', '品質不好', '質素差', '車線', '甩線', '刮傷', '開裂', '劃痕', '生鏽', '變形', '異味', '脫皮', '脫線', '鬆掉',
              '翹起來', '品質很爛', '很爛', '爛貨', '質素好差', '劣質', '毛邊', '用沒多久',
              'defect', 'defective', 'flaw', 'flawed', 'poor quality', 'bad quality', 'low quality', 'cheap quality',
              'shoddy', 'flimsy', 'badly made', 'poorly made', 'cheaply made', 'workmanship', 'scratch', 'scratched',
              'scuff', 'scuffed', 'chipped', 'chipping', 'peeling', 'peeled', 'rust', 'rusty', 'rusted', 'rusting',
              'faded', 'fading', 'discoloured', 'discolored', 'shrunk', 'shrank', 'bobbly', 'bobbling', 'pilling',
              'stitching', 'came undone', 'came apart', 'coming apart', 'falling apart', 'fell apart', 'wobbly',
              'wobbles', 'warped', 'frayed', 'ripping', 'rubbish quality', 'terrible quality', 'awful quality',
              'not durable', 'wore out', 'worn out', 'worn through', 'unravel*', 'pilled', 'bobbled', 'colour ran',
              'dye', 'split seam', 'seams', 'loose threads', 'threads', 'stain', 'stained', 'blemish*', 'uneven',
              'crooked', 'lopsided', 'wonky', 'the quality', 'quality is',
            ],
            subcategories: {
              'foreign-object': {
                label: '异物 foreign object',
                keywords: [
                  '异物', '苍蝇', '虫', '蟑螂', '头发', '毛发', '玻璃渣', '碎玻璃', '玻璃碴', '铁屑', '铁丝', '金属片', '塑料片', '塑料块', '石子', '小石头',
                  '沙子', '钉子', '指甲', '创可贴', '不明物', '吃出', '咬到', '玻璃碎', '碎片', '黑点', '小颗粒', '黑色颗粒', '杂质', '蛆', '老鼠屎', '鼠屎',
                  '羽毛', '塑料袋', '纸片', '木屑', '发丝', '牙签', '钢丝', '钢丝球', '吃出来', '异物感',
                  '異物', '蒼蠅', '蟲', '頭髮', '鐵絲', '膠片', '石頭', '雜質', '蟲卵', '鋼絲', '頭髮絲', '毛髮', '牙籤',
                  'foreign object', 'foreign body', 'fly', 'insect', 'bug', 'hair', 'glass shard', 'piece of glass',
                  'bits of glass', 'plastic in', 'piece of plastic', 'bit of plastic', 'piece of metal',
                  'metal fragment', 'stone', 'slug', 'worm', 'maggot', 'cockroach', 'roach', 'beetle', 'caterpillar',
                  'droppings', 'contaminat*', 'hair in', 'fly in', 'glass in', 'feather', 'rodent', 'larvae', 'weevil*',
                  'mites',
                ],
              },
              damaged: {
                label: '破损 damaged',
                keywords: [
                  '破损', '损坏', '碎了', '碎掉', '裂开', '裂了', '断了', '折断', '断裂', '断掉', '脱落', '炸裂', '崩了', '没摔过', '没有摔过', '正常使用',
                  '自己裂', '自己断', '碎裂', '破了', '裂开了', '折了', '弯了', '变弯', '断开', '坏掉', '散架', '塌了', '一碰就坏', '一用就坏', '很快就坏',
                  '没用几次', '跌落',
                  '破損', '損壞', '壞掉', '裂開', '斷掉', '沒摔過', '跌過', '甩咗',
                  'damaged', 'broke', 'snapped', 'cracked', 'crack', 'split', 'fell off', 'came off', 'shattered',
                  'never dropped', 'normal use', 'snap', 'buckled', 'bent', 'split open', 'tore', 'came loose',
                  'detached', 'fell to pieces',
                ],
              },
              spoiled: {
                label: '变质过期 spoiled or expired',
                keywords: [
                  '过期', '变质', '发霉', '霉变', '长毛', '霉点', '霉斑', '馊', '酸败', '变酸', '酸臭', '发臭', '臭了', '腐烂', '烂了', '烂的', '哈喇味',
                  '不新鲜', '胀袋', '结块', '保质期', '生产日期', '发苦', '臭酸', '有效日期', '保存期限', '变味', '有怪味', '味道不对', '味道怪', '发酸', '酸了',
                  '发黑', '发绿', '长霉', '霉味', '胀包', '胀罐', '过了保质期', '临期', '腐坏', '解冻了', '臭掉', '酸掉', '走味', '有效期限', '即期',
                  '過期', '變質', '發霉', '黴變', '餿', '賞味期限', '不新鮮', '膨脹', '長霉', '變味', '臭咗', '餿咗',
                  'expired', 'out of date', 'past its date', 'use by', 'best before', 'gone off', 'sour', 'mould',
                  'mouldy', 'mold', 'moldy', 'rotten', 'rotting', 'spoiled', 'spoilt', 'stale', 'rancid', 'smelled off',
                  'smells off', 'slimy', 'mushy', 'fuzz', 'gone bad', 'smelled bad', 'smells bad', 'tasted off',
                  'tastes off', 'tasted funny', 'went off', 'gone sour', 'curdled', 'lumpy', 'past its best', 'expiry',
                  'expiry date', 'best-before', 'use-by', 'sell by', 'out-of-date', 'bloated', 'decay*', 'bruised',
                  'soggy', 'slime',
                ],
              },
              counterfeit: {
                label: '假冒 counterfeit',
                keywords: [
                  '假货', '假冒', '仿冒', '山寨', '高仿', '冒牌', '不是正品', '正品', '假的', '防伪', '序列号', '水货', '翻新机', '翻新', '仿冒品', '专柜',
                  '防伪码', '盗版', '仿品', '假冒伪劣', '不是原装', '原装', '非原装', '二手', '被用过', '用过的', '拆封过', '不是新的', '查不到序列号', '验证不了',
                  '鉴定为假', '官方验证', '不是新品',
                  '假貨', '水貨', '翻新機', '行貨', '鑑定', '盜版', 'A貨', '不是原廠', '二手貨', '用過的', '拆封過', '鑑定為假',
                  'counterfeit', 'fake', 'knock off', 'knockoff', 'knock-off', 'replica', 'not genuine',
                  'not authentic', 'genuine', 'authentic', 'imitation', 'refurbished', 'serial number',
                  'third-party refill', 'logo', 'cheap copy', 'copy of', 'not original', 'non-original', 'bootleg',
                  'pirated', 'used item', 'second hand', 'second-hand', 'already been used', 'previously used',
                  'not new', 'resealed', 'authenticity', 'authenticat*', 'not real',
                ],
              },
            },
          },
          function: {
            label: '功能 function',
            keywords: [
              '功能', '不好用', '故障', '卡顿', '很卡', '卡死', '失灵', '死机', '重启', '自动关机', '闪退', '连不上', '断连', '断开', '掉线', '没声音', '杂音',
              '充不进电', '续航', '耗电', '发烫', '不灵敏', '报错', '错误码', '时好时坏', '不稳定', '甩不干', '过热', '没电', '不灵', '反应慢', '卡住', '异响',
              '噪音大', '声音很大', '声音大', '没信号', '信号差', '配对', '蓝牙', '定位不准', '误差', '白屏', '花屏', '闪屏', '触屏失灵', '按键失灵', '耗电快',
              '掉电快', '充电慢', '续航差', '发热严重', '忽冷忽热', '时灵时不灵', '自己停', '停机', '漏水', '卡卡', '不郁', '好难用', '很难用', '难用', '毛病多',
              '老出问题', '总出问题',
              '失靈', '當機', '卡頓', '閃退', '連不上', '斷線', '續航', '時靈時不靈', '錯誤碼', '不穩', '沒聲音', '離線', '沒訊號', '訊號', '連線', '藍牙',
              '耗電', '充電很慢', '異音', '怪聲', '自己停機', '軟體', '軟件', '經常出問題',
              'malfunction*', 'glitch*', 'freezes', 'freezing', 'frozen', 'crashes', 'crashing', 'laggy', 'reboot*',
              'restarts', 'disconnect*', 'loses connection', 'drops connection', 'bluetooth', 'battery life',
              'battery drains', 'overheat*', 'error code', 'error light', 'intermittent', 'cuts out', 'cuts in and out',
              'crackle*', 'unresponsive', 'offline', 'stops responding', 'keeps getting stuck', 'gets hot', 'wifi',
              'keeps freezing', 'freeze', 'lag', 'lags', 'sluggish', 'buggy', 'software', 'firmware', 'app keeps',
              'pairing', "won't pair", "won't connect", "can't connect", 'drops out', 'signal', 'noisy', 'rattl*',
              'beeping', 'leaks water', 'charges slowly', 'drains', 'inaccurate', 'wrong reading', 'temperature',
              'keeps turning off', 'turns itself off', 'switches off', 'keeps stopping', 'keeps cutting out',
              'keeps dropping', "doesn't work properly", 'not working properly', 'playing up', 'acting up',
            ],
            subcategories: {
              'not-working': {
                label: '无法使用 not working',
                keywords: [
                  '无法使用', '不能用', '用不了', '没法用', '无法开机', '开不了机', '开不到机', '不开机', '不工作', '罢工', '没反应', '没有反应', '一点反应都没有',
                  '不制冷', '不制热', '不加热', '不出水', '不转', '打不开', '启动不了', '无法启动', '不通电', '不能充电', '充不进去', '根本用不了', '完全不能', '报废',
                  '不冷了', '完全不冷', '不再热', '不会热', '不热了', '不能开机', '开机没反应', '不启动', '打不着', '点不着', '不亮了', '不出声', '不转了', '停止工作',
                  '完全坏了', '彻底坏了', '坏掉了', '没法使用', '无法工作', '不运转', '不能运行', '用不到', '完全不能用', '不能用了', '不好使', '不灵了', '开不开',
                  '無法使用', '無法開機', '開不了機', '不開機', '沒反應', '發不動', '不會冷', '不會動', '壞的', '不能開機', '開不了', '不運作', '不會亮', '罷工',
                  'not working', "doesn't work", 'does not work', 'stopped working', "won't turn on",
                  'will not turn on', "doesn't turn on", 'does not turn on', "won't start", "won't charge",
                  "won't boot", 'dead on arrival', 'doa', 'completely dead', 'never worked', 'stopped cooling',
                  'not cooling', 'not heating', 'refuses to print', 'nothing happens', 'black screen', 'blank screen',
                  "doesn't hold a charge", 'no power', 'not turning on', "won't switch on", "doesn't switch on",
                  "won't power on", "doesn't power on", 'packed up', 'conked out', 'stopped functioning',
                  'not functioning', 'non-functional', 'not responding', 'unusable', 'broken down', 'out of the box',
                  "won't work", "doesn't do anything", 'nothing works', 'stopped after', "isn't working",
                  "wasn't working", "aren't working", 'not work at all',
                ],
              },
              'not-as-described': {
                label: '与描述不符 not as described',
                keywords: [
                  '与描述不符', '描述不符', '货不对板', '和宣传不一样', '与宣传不符', '虚假宣传', '实物不符', '图片不符', '与图片不符', '卖家秀', '色差', '尺码不对',
                  '尺寸不对', '规格不对', '参数不符', '以次充好', '夸大', '详情页', '页面上写', '宣传说', '广告说', '标签', '宣称', '号称', '网页上写', '页面写',
                  '和描述不一样', '跟描述不一样', '和图片不一样', '和介绍不一样', '与介绍不符', '与实物不符', '名不副实', '言过其实', '夸大宣传', '虚标', '容量不足',
                  '缺斤少两', '明明写着', '材质不对', '不是纯棉', '不是真皮', '不是实木', '假宣传',
                  '與描述不符', '貨不對板', '貨不對辦', '虛假宣傳', '誇大不實', '廣告不實', '商品頁', '網頁寫', '網上張相', '與實物不符', '實物', '誇大', '標示不實',
                  '同描述唔同', '同相片唔同',
                  'not as described', 'not as advertised', 'misleading', 'false advertising', 'listing said',
                  'listing says', 'description said', 'description says', 'advertised', 'the picture', 'the photos',
                  'looks nothing like', 'nothing like the', 'wrong size', 'described as', 'picture shows',
                  'photo shows', 'not what i ordered', 'different from the description', 'different from the listing',
                  'different from the photo', "doesn't match", 'does not match', 'not as pictured', 'not as shown',
                  'smaller than', 'bigger than', 'claimed to be', 'advertised as', 'listed as', 'sold as',
                  'false claim*', 'mis-sold', 'misrepresented', 'photos online', 'picture online',
                ],
              },
            },
          },
          safety: {
            label: '安全 safety',
            keywords: [
              '安全隐患', '安全问题', '危险', '爆炸', '炸了', '起火', '着火', '火灾', '冒烟', '烧焦', '焦味', '火花', '漏电', '触电', '麻手', '烫伤', '烧伤',
              '割伤', '受伤', '中毒', '食物中毒', '拉肚子', '腹泻', '上吐下泻', '呕吐', '过敏', '起疹子', '红疹', '皮炎', '红肿', '窒息', '误吞', '吞下',
              '医院', '急诊', '送医', '就医', '诊所', '住院', '发烧', '鼓包', '烧黑', '融化', '发烫', '过热', '插座', '隐患', '差点出事', '出人命', '伤到',
              '伤了', '弄伤', '划破', '扎伤', '夹伤', '砸伤', '摔伤', '电了一下', '被电', '短路', '焦糊', '糊味', '冒火', '火苗', '自燃', '爆裂', '肚子疼',
              '肚子痛', '腹痛', '吐了', '头晕', '起包', '疹子', '痒', '过敏反应', '卡喉咙', '噎住', '误食', '超标', '甲醛', '有毒', '致癌', '不合格', '刺鼻',
              '肚痛', '敏感', '哽到',
              '安全隱患', '著火', '冒煙', '燒焦', '燶味', '漏電', '觸電', '燙傷', '燒傷', '過敏', '紅腫', '送醫', '看醫生', '急診', '診所', '火災', '燒黑',
              '諾羅病毒', '受傷', '割傷', '燙到', '電到', '嘔吐', '腸胃炎', '紅疹', '皮膚敏感', '嗆到', '吞咗',
              'safety', 'unsafe', 'dangerous', 'hazard', 'explo*', 'fire', 'caught fire', 'on fire', 'smoke', 'smoking',
              'sparks', 'sparked', 'burn', 'burned', 'burnt', 'scald*', 'electric shock', 'electrocut*', 'injur*',
              'poison*', 'food poisoning', 'vomit*', 'throwing up', 'diarrhoea', 'diarrhea', 'allergic', 'allergy',
              'rash', 'swelled', 'swollen', 'hospital*', 'a&e', 'doctor', 'choking', 'choke', 'swallow*', 'toxic',
              'epipen', 'gets hot', 'injured', 'hurt', 'cut myself', 'cut my', 'bleeding', 'bled', 'blood', 'stitches',
              'bruise*', 'scar', 'blister*', 'melted', 'melting', 'short circuit', 'sparking', 'e-coli', 'salmonella',
              'norovirus', 'stomach', 'unwell', 'nausea', 'vomiting', 'hives', 'itch*', 'anaphyla*', 'choking hazard',
              'swallowed', 'sharp edge*', 'lead paint', 'chemical smell', 'fumes', 'carbon monoxide', 'danger',
              'got sick', 'made me sick', 'made us sick', 'fell ill',
            ],
          },
          packaging: {
            label: '包装与配件 packaging and parts',
            keywords: [
              '包装', '漏液', '洒了', '缺件', '少件', '缺少', '配件缺失', '少配件', '少了配件', '少螺丝', '缺螺丝', '保修卡', '封口', '瓶盖', '盖子没', '漏光',
              '缺零件', '少零件', '封膜', '包装简陋', '简陋', '礼盒', '包装盒', '内包装', '包装袋', '漏出来', '撒了', '洒出来', '缺配件', '少附件', '附件', '赠品',
              '少了个', '少一个', '缺一个', '没有配', '合格证', '没有说明书', '没说明书', '缺说明书', '说明书也没有', '无说明书',
              '包裝', '保養卡', '漏出來', '贈品', '保證卡', '封條', '沒有說明書',
              'packaging', 'missing part*', 'missing piece*', 'parts missing', 'pieces missing', 'missing screws',
              'missing hinges', 'no instructions', 'leaked', 'leaking', 'spilled', 'seal', 'tamper', 'lid', 'cap',
              'not in the box', 'no lid', 'in the box', 'missing accessory', 'accessories', 'no charger', 'no cable',
              'not included', "wasn't included", 'were missing', 'was missing', 'leaked everywhere', 'leakage',
              'spillage', 'seal was broken', 'inner packaging', 'no manual',
            ],
          },
          unspecified: { label: '未细分 unspecified', keywords: [] },
        },
      },
      // DOMAIN §2 (000): service — slow response, attitude, professionalism.
      service: {
        label: '服务 service',
        defaultCategory: 'unspecified',
        keywords: [
          '客服', '人工', '热线', '400电话', '电话那头', '在线客服', '售后', '客服热线', '客服电话', '投诉电话', '人工客服', '客服中心', '呼叫中心', '服务热线',
          '客服專線', '熱線', '線上客服', '電話那頭', '客服人員', '服務專線', '客戶服務',
          'customer service', 'customer services', 'helpline', 'hotline', 'call centre', 'call center', 'support team',
          'tech support', 'live chat', 'chat agent', 'advisor', 'adviser', 'on the phone', 'phone rep', 'service agent',
          'support agent', 'the agent', 'customer care', 'customer support', 'support line', 'contact centre',
          'contact center', 'phone line', 'helpdesk', 'help desk', 'the operator', 'representative', 'call handler',
        ],
        categories: {
          response: {
            label: '响应慢 slow response',
            keywords: [
              '没人回复', '没有回复', '不回复', '回复慢', '没回应', '没人理', '没人管', '没人处理', '一直没处理', '没人联系', '没有消息', '再没消息', '没有回音',
              '石沉大海', '等了很久', '打不通', '没人接', '占线', '忙音', '排队', '转人工', '机器人', '拖延', '推诿', '踢皮球', '推来推去', '扯皮', '加急', '工单',
              '没有下文', '没下文', '没进度', '一直在处理', '说在处理', '已读不回', '没人负责', '没人跟进', '等通知', '不回覆', '受理中', '已读', '回覆', '没人回',
              '不回消息', '回复很慢', '回复太慢', '久久不回', '一直没回复', '迟迟没有回复', '迟迟不处理', '不处理', '没处理', '不作为', '联系不上', '找不到人', '一直占线',
              '打了好多次', '打了无数次', '催了好几次', '催了很多次', '等回复', '没有答复', '没给答复', '没给说法', '一拖再拖', '拖着', '转来转去', '没回电', '说会回电',
              '留言', '无回复', '致电多次', '没人理我', '没有人管', '无人处理', '没回复', '未回复', '没回音', '没反馈', '没有反馈', '无回应', '未回覆',
              '沒人回覆', '沒回應', '沒下文', '沒人接', '冇人聽', '冇人覆', '覆電', '忙線', '語音信箱', '推來推去', '踢來踢去', '沒人負責', '跟進', '沒人回',
              '一直沒回', '聯絡不上', '電話沒人接', '一直忙線', '催了好幾次', '沒有答覆', '冇回覆', '冇人跟', '無人跟進', '無回覆', '多次致電', '冇人回', '沒回覆',
              '打極都唔通', '都唔通', '冇人理',
              'no reply', 'no response', 'not replied', 'never replied', 'not heard back', 'no answer',
              'never answered', 'nobody answers', 'unanswered', 'ignoring', 'slow response', 'never called back',
              'call back', 'callback', 'on hold', 'chatbot', 'a human', 'get through', 'no update', 'no updates',
              'chased', 'chasing', 'passed around', 'passed from', 'pillar to post', 'runaround',
              'takes responsibility', 'ticket', 'still waiting for', 'no one has come', 'nobody has come',
              'without an answer', 'no one replied', 'nobody replied', 'never got back', 'never heard back',
              'still no reply', 'still no response', "haven't heard", 'no one got back', "can't reach", 'cannot reach',
              "couldn't reach", 'unable to reach', 'unreachable', 'no one picks up', 'nobody picks up', 'line cut out',
              'kept on hold', 'promised to call', 'promised a call back', 'chased up', 'chasing up', 'no follow up',
              'no follow-up', 'radio silence', 'stonewall*', 'fobbed off', 'kept waiting', 'waiting for a reply',
              'waiting for a response', "haven't had a reply", 'not had a response', 'not had a reply', 'got no reply',
              'received no reply', 'still waiting to hear', 'yet to hear', 'nobody has contacted',
              'no one has contacted', 'never contacted',
            ],
          },
          attitude: {
            label: '态度 attitude',
            keywords: [
              ...RUDENESS,
              '服务态度', '挂电话', '挂了电话', '电话挂了', '挂断', '服务差', '服务太差', '服务很差', '服务态度差',
              '掛電話', '收線', '服務很差', '服務態度',
              'hung up', 'terrible service', 'awful service', 'appalling service', 'hung up on me',
            ],
          },
          professionalism: {
            label: '专业性 professionalism',
            keywords: [
              ...UNPROFESSIONAL,
              '答非所问', '解释不清', '说法不一', '前后矛盾', '误导', '乱说', '不懂', '两种答案', '三种答案', '重启一下', '说不清楚', '说不清', '讲不清',
              '解释不了', '说法不一致', '错误信息', '乱承诺', '说一套做一套',
              '答非所問', '解釋不清', '說法不一', '誤導', '亂講', '資料唔準', '不準', '重開機', '說不清楚', '講不清', '資訊錯誤', '錯誤資訊', '前後矛盾',
              'misinformed', 'wrong information', 'wrong info', 'contradictory', 'different answers', 'wrong address',
              'told me i could', 'incorrect information', 'incorrect advice', 'wrong advice', 'bad advice',
              'misadvised', 'contradicted', 'conflicting information', 'conflicting answers', 'told different things',
              'inconsistent', 'gave me the wrong', 'gave wrong',
            ],
          },
          'after-sales': {
            label: '售后 after-sales',
            keywords: [
              '维修', '保修', '报修', '送修', '修好', '修不好', '没修好', '退换货', '换货', '换新', '保修期', '人为损坏', '维修中心', '上门安装', '安装师傅',
              '配件', '驳回', '工程师', '保固', '没解决', '问题还在', '还是一样', '修完', '修了', '返修', '二次维修', '修理', '修了几次', '返厂', '寄修',
              '售后维修', '过保', '不给保修', '拒绝保修', '三包', '退换', '上门维修', '维修师傅', '检测费', '维修费', '等配件', '没有配件', '售后不管', '保修不给修',
              '修了还坏', '修好又坏', '维修多次', '反复维修', '返修多次', '换了又坏',
              '維修', '保養', '退換貨', '換貨', '換新機', '維修中心', '保養期', '過保', '上門維修', '維修費', '檢測費', '修完又壞', '維修了好幾次',
              'after-sales', 'after sales', 'repair', 'repaired', 'warranty', 'guarantee', 'return', 'returns',
              'exchange', 'replacement', 'engineer', 'repair centre', 'repair center', 'no fault found', 'unrepaired',
              'like for like', 'still faulty', 'same fault', 'same problem', 'not fixed', 'repairs', 'service centre',
              'service center', 'warranty claim', 'under warranty', 'out of warranty', 'swap', 'exchanged', 'call-out',
              'callout', 'repaired twice', 'still broken after', "repair didn't fix", "didn't fix it",
              'waiting for a repair', 'waiting for an engineer', 'warranty repair', 'under guarantee',
            ],
          },
          unspecified: { label: '未细分 unspecified', keywords: [] },
        },
      },
      // DOMAIN §2 (004): staff → professionalism | attitude.
      staff: {
        label: '员工 staff',
        defaultCategory: 'unspecified',
        keywords: [
          '店员', '服务员', '收银员', '营业员', '导购', '销售顾问', '工作人员', '员工', '店长', '经理', '前台', '柜员', '药师', '药店', '药房', '理发师', '美发师',
          '教练', '技师', '安装工', '门店', '营业厅', '餐厅', '门市', '保全', '收银台', '售货员', '服务人员', '值班经理', '大堂经理', '厨师', '服务生', '店家',
          '老板', '业务员', '客户经理', '理财经理', '工人', '搬运工', '搬家公司', '师傅上门',
          '店員', '服務員', '收銀員', '門市人員', '職員', '侍應', '櫃員', '藥師', '藥局', '藥房', '美髮師', '店長', '服務生', '櫃檯', '櫃台', '專櫃小姐',
          '專櫃人員', '銷售員', '營業員', '業務員', '員工', '經理', '老闆',
          'staff member', 'member of staff', 'employee', 'shop assistant', 'sales assistant', 'assistant', 'cashier',
          'waiter', 'waitress', 'receptionist', 'pharmacist', 'technician', 'installer', 'mechanic', 'hairdresser',
          'optician', 'security guard', 'sales rep', 'tester', 'restaurant', 'counter', 'store manager', 'duty manager',
          'shop manager', 'the manager', 'worker', 'workers', 'salesman', 'saleswoman', 'salesperson', 'sales staff',
          'shop staff', 'store staff', 'floor staff', 'team member', 'bartender', 'barista', 'chef', 'hostess',
          'attendant', 'clerk', 'teller', 'nurse', 'instructor', 'trainer', 'bouncer', 'doorman', 'removal men',
          'removals', 'fitter', 'plumber', 'electrician', 'builder', 'contractor', 'workman', 'tradesman',
        ],
        categories: {
          attitude: {
            label: '态度 attitude',
            keywords: [
              ...RUDENESS,
              '翻白眼', '白眼', '瞪我', '大声', '摔东西', '赶我走', '推我',
              '鬧事', '趕我走',
              'rude staff', 'looked me up and down', 'ignored us', 'accused me', 'nuisance', 'stared',
              'refused to serve', 'kicked us out', 'told me to leave', 'threw me out', 'belittled',
            ],
          },
          professionalism: {
            label: '专业性 professionalism',
            keywords: [
              ...UNPROFESSIONAL,
              '操作失误', '拿错', '配错', '办错', '装错', '接错', '接反', '装反', '量错', '算错', '找错钱', '记错', '输错', '操作错误', '弄坏了', '弄坏',
              '返工', '重做', '没做好',
              '操作失誤', '拿錯', '執錯', '辦錯', '裝錯', '接錯', '量錯', '鑽錯', '算錯', '找錯錢', '輸入錯誤', '弄壞', '搞壞', '整爛', '整壞',
              'mistake', 'wrong strength', 'wrong contract', 'wrong plan', 'upside down', 'measured', 'forgot to',
              'ignored everything', 'wrong medication', 'incorrectly', 'wrong change', 'short changed', 'shortchanged',
              'got my order wrong', 'botched', 'damaged my', 'scratched my', 'broke my', 'did a bad job', 'poor job',
              'negligent', 'negligence', 'wrong dose', 'wrong prescription', 'wrongly',
            ],
          },
          misconduct: {
            label: '违规 misconduct',
            keywords: [
              '收红包', '红包', '索要', '吃回扣', '回扣', '私下收费', '私下', '转给他个人', '不走公司账', '插队', '好处费', '骚扰', '威胁', '恐吓', '勒索',
              '性骚扰', '半夜给我发', '约我', '乱摸', '私底下', '打尖', '索贿', '受贿', '行贿', '拿回扣', '收好处', '要小费', '私自', '私下交易', '偷东西', '盗用',
              '调戏', '动手动脚', '打人', '动手', '推搡', '欺诈', '推人',
              '收紅包', '紅包', '私下收費', '騷擾', '威脅', '恐嚇', '性騷擾', '曖昧', '搶我手機', '貪污', '要小費', '偷竊', '偷東西', '動手', '毛手毛腳', '非禮',
              'bribe', 'harass*', 'threaten*', 'threat', 'misconduct', 'extortion', 'cash directly', 'in cash',
              'skip the waiting list', 'a bit extra', 'asking me out', 'uninvited', 'intimidat*', 'grabbed', 'kickback',
              'demanded a tip', 'asked for cash', 'cash in hand', 'under the table', 'off the books', 'stole', 'theft',
              'pocketed', 'assault*', 'pushed me', 'touched me', 'inappropriate*', 'sexual', 'stalking',
              'followed me home', 'abusive', 'abuse',
            ],
          },
          unspecified: { label: '未细分 unspecified', keywords: [] },
        },
      },
      // DOMAIN §2 (000): experience — cumbersome process, unreasonable rules.
      process: {
        label: '流程 process',
        defaultCategory: 'unspecified',
        keywords: [
          '流程', '手续', '规定', '规则', '条款', '制度', '政策',
          '手續', '規定', '規則', '條款', '規矩',
          'procedure', 'policy', 'rule',
        ],
        categories: {
          cumbersome: {
            label: '流程繁琐 cumbersome',
            keywords: [
              '流程繁琐', '繁琐', '手续复杂', '太复杂', '太麻烦', '折腾', '跑了好几趟', '跑了三次', '跑三次', '材料太多', '材料不全', '步骤太多', '填表', '表格',
              '一次性告诉', '本人', '带身份证', '必须到', '去门店', '实名认证', '审核', '预约', '验证手机', '下载app', '绑卡', '填写', '一堆信息', '简单点', '复杂',
              '手续繁琐', '手续太多', '程序复杂', '步骤繁琐', '太繁琐', '好麻烦', '很麻烦', '真麻烦', '来回跑', '跑来跑去', '跑好几次', '多次往返', '排长队', '预约难',
              '约不上', '操作复杂', '不方便', '很不方便', '效率低', '效率太低', '重复提交', '重复填写', '证明材料', '开证明', '盖章', '复印件', '到现场', '线下办理',
              '只能线下', '不能线上', '网上办不了', '验证码', '效率很差', '改地址', '修改地址', '更改地址', '改资料', '修改资料',
              '流程繁瑣', '繁瑣', '手續複雜', '手續繁複', '太麻煩', '文件唔齊', '親身', '臨櫃', '步驟', '註冊', '綁載具', '手續繁瑣', '很麻煩', '好麻煩', '來回跑',
              '跑好幾趟', '親自', '證明文件', '蓋章', '紙本', '表單', '填單', '驗證碼',
              'complicated', 'cumbersome', 'too many steps', 'paperwork', 'bureaucra*', 'hassle', 'form', 'forms',
              'in person', 'go into a branch', 'forms of id', 'verify my identity', 'security questions',
              'every single time', 'screens', 'times out', 'start again', 'three weeks for', 'scanned', 'original box',
              'filled in', 'hoops', 'red tape', 'long-winded', 'convoluted', 'over-complicated', 'too complicated',
              'inconvenient', 'in writing', 'by post', 'paper form', 'print out', 'printed form', 'fax', 'documents',
              'documentation', 'identification', 'verification', 'two forms', 'visit a branch', 'in-branch',
              'book an appointment', 'online form', 'password reset', 'locked out', 'log in', 'change my address',
              'changing my address', 'update my address',
            ],
          },
          'unreasonable-rules': {
            label: '规则不合理 unreasonable rules',
            keywords: [
              '霸王条款', '规定不合理', '不合理', '不给退', '不让退', '不退不换', '强制', '捆绑销售', '捆绑', '必须搭配', '清零', '过期作废', '自动续费', '默认勾选',
              '手续费', '低消', '最低消费', '押金', '不能退也不能', '合理吗', '按金', '一律', '特价', '不公平', '强制消费', '强制购买', '强行', '强买强卖', '必须购买',
              '不允许', '不准退', '不能退', '概不退换', '概不负责', '最终解释权', '解释权', '违约金', '提前解约', '解约', '取消费', '套路', '坑人', '不准',
              '霸王條款', '規定不合理', '不給退', '不讓退', '強制', '捆綁銷售', '綑綁銷售', '自動續約', '歸零', '上架費', '綁一整年', '哪有這種道理', '強迫', '概不退換',
              '違約金', '解約', '提前解約', '手續費', '過期作廢', '綁約', '服務費', '最終解釋權', '坑錢',
              'unfair', 'unreasonable', 'hidden terms', 'forced', 'forced bundling', 'no returns', 'expires', 'expire',
              'auto-renew*', 'auto renew*', 'notice in writing', 'designed to trap', 'discriminatory', 'deposit',
              'fee to', 'minimum spend', 'what kind of rule', 'not allowed to', "won't let", 'ridiculous policy',
              'stupid rule', 'silly rule', 'company policy', 'terms and conditions', 'small print', 'fine print',
              'cancellation fee', 'early termination', 'termination fee', 'exit fee', 'penalty', 'non-refundable',
              'no exchanges', "can't cancel", 'cannot cancel', 'locked in', 'lock-in', 'minimum term', 'notice period',
              'mandatory', 'compulsory', 'have to buy', 'must buy', 'only accept', 'cash only', 'rip off', 'rip-off',
            ],
          },
          unspecified: { label: '未细分 unspecified', keywords: [] },
        },
      },
      // DOMAIN §2 (004, 003): logistics — warehouse and packaging.
      logistics: {
        label: '物流 logistics',
        defaultCategory: 'unspecified',
        keywords: [
          '快递', '物流', '包裹', '配送', '送货', '发货', '运输', '快件', '驿站', '快递柜', '丰巢', '顺丰', '京东物流', '中通', '圆通', '韵达', '申通', '邮政',
          '宅配', '派送', '寄件', '快递单号', '运单号', '物流单号', '物流公司', '快递公司', '派件', '揽件', '揽收', '取件', '邮寄', '寄过来', '送过来', '送达',
          '到货', '收货', '中转', '转运', '仓库', '菜鸟', '极兔', '德邦', '百世', '京东快递', '闪送', '宅急便', '新竹物流', '超商', '寄送', '店到店',
          '快遞', '黑貓', '貨運', '貨態', '超商取貨', '郵局', '速遞', '順豐', '運送', '送貨', '出貨', '掛號', '取貨', '到貨', '貨件', '倉庫',
          'delivery', 'delivered', 'deliver', 'parcel', 'package', 'courier', 'shipping', 'shipment', 'shipped',
          'dispatch*', 'tracking', 'driver', 'royal mail', 'dpd', 'evri', 'hermes', 'ups', 'fedex', 'dhl', 'postman',
          'van', 'carrier', 'packages', 'deliveries', 'delivery slot', 'courier company', 'postal', 'parcelforce',
          'yodel', 'usps', 'locker', 'pick-up point', 'pickup point', 'depot', 'warehouse', 'tracking number',
          'tracking info',
        ],
        categories: {
          delay: {
            label: '配送延误 delay',
            keywords: [
              '物流慢', '快递慢', '太慢', '没发货', '不发货', '迟迟不发货', '待发货', '还没发', '延迟', '延误', '还没到', '一直没到', '没送到', '物流停滞', '卡在',
              '没更新', '超时', '晚到', '耽误', '次日达', '未收到', '缺工', '没动', '配送慢', '送货慢', '发货慢', '迟迟没发', '迟迟不到', '迟迟未到', '还没收到',
              '还在路上', '在路上', '卡住了', '没动静', '没有物流信息', '物流信息不更新', '不更新', '没有更新', '派送中', '待揽收', '未发货', '还未发货', '延期', '推迟',
              '改期', '预计送达', '时效', '太慢了', '好慢', '慢得要死', '龟速', '遥遥无期', '啥时候到', '几时到', '啥时候发货', '还要等多久', '一延再延', '还没派送',
              '未派送', '还没送到', '没送来', '还没送来', '没到货', '未到货', '还没寄', '未寄出', '延后', '延宕', '晚送', '仲未到', '仲未收到', '都未到',
              '快遞慢', '沒發貨', '延遲', '延誤', '還沒到', '一直沒到', '超時', '備貨中', '準備中', '沒更新', '冇更新', '遲咗', '還沒寄出', '排車', '請假', '調貨',
              '遲遲沒出貨', '一直沒出貨', '還沒收到', '還在路上', '沒有更新', '遲到', '什么时候到', '什么时候发货', '什么时候发', '幾時到', '幾時送', '未送達', '還沒送到',
              '尚未到貨', '遲遲未到', '延後出貨', '等極都未到', '冇貨', '未出貨',
              'late delivery', 'delayed', 'delay', 'not delivered', 'not arrived', 'still waiting', 'still not here',
              'not here', "hasn't arrived", 'not dispatched', "hasn't even been dispatched", 'in transit', 'stuck',
              'rescheduled', 'waited in', 'never came', 'where is my order', 'where is it', 'turned up on',
              'arrived on', 'awaiting stock', 'next day delivery', 'arrived late', 'delays', 'running late', 'overdue',
              'behind schedule', 'not yet arrived', 'has not arrived', "still hasn't arrived", 'not arrived yet',
              'still not delivered', 'not been delivered', "hasn't been delivered", 'not shipped', "hasn't shipped",
              'not been shipped', 'expected delivery', 'estimated delivery', 'missed delivery', 'delivery date',
              'promised delivery', 'due to arrive', 'should have arrived', 'supposed to arrive',
              'supposed to be delivered', 'waiting for my order', 'waiting for delivery', 'no sign of', 'held at',
              'customs', 'out for delivery', 'postponed', 'days late', 'weeks late', 'late again',
              'when will it arrive', 'when will my order', 'when will i receive', 'update on my order', "hasn't come",
              'not come yet', 'still not received', 'yet to receive', 'yet to arrive', "haven't received my order",
            ],
          },
          lost: {
            label: '丢件 lost',
            keywords: [
              '丢件', '丢失', '丢了', '没收到', '快递丢了', '不见了', '显示已签收', '已签收', '签收了', '查不到', '没这个件', '没有这个件', '少发', '漏发', '只到了',
              '被人拿走', '消失', '代收', '找不到了', '快递丢失', '包裹丢失', '货丢了', '弄丢', '遗失', '不翼而飞', '没有收到', '从没收到', '根本没收到', '被签收',
              '被别人签收', '被冒领', '冒领', '被拿走', '送到别人家', '查无此件', '找不到件', '少寄', '只收到', '收不到', '货不见了', '不知所踪', '下落不明', '寄丢',
              '寄丢了', '寄失',
              '丟件', '丟失', '沒收到', '不見了', '已送達', '查無此件', '沒有代收', '遺失', '弄丟', '沒有收到', '從沒收到', '被冒領', '冒領', '寄丟', '寄失咗',
              'lost parcel', 'lost package', 'never arrived', 'not received', 'never received', "didn't receive",
              'signed for', 'says delivered', 'shows delivered', 'marked as delivered', 'stolen', 'handed back',
              'safe place', 'no parcel', 'never got', 'missing parcel', 'missing item', 'missing package',
              'lost in the', 'got lost', 'lost my parcel', 'lost my package', 'went missing', 'gone missing',
              'disappeared', 'vanished', 'never turned up', 'never showed up', "didn't arrive", 'did not arrive',
              "hasn't turned up", 'delivered to the wrong', 'someone else signed', 'nowhere to be found',
              'proof of delivery', 'photo of delivery', 'only received', 'half my order', 'part of my order',
              'incomplete order', 'never got it', "didn't get it", "didn't get my", 'delivered to someone else',
              'stolen from my', 'taken from my porch',
            ],
          },
          'damaged-in-transit': {
            label: '运输损坏 damaged in transit',
            keywords: [
              '运输破损', '快递破损', '包裹破损', '外箱', '纸箱', '箱子', '压坏', '压扁', '压变形', '摔坏', '暴力分拣', '外包装', '泡了水', '湿的', '运输过程',
              '送到的时候', '送来的时候', '到的时候', '到手就', '收到就', '验货', '破损', '损坏', '碎了', '碎掉', '裂了', '断了', '重摔', '撞凹', '摔碎', '摔烂',
              '被摔', '砸坏', '被砸', '砸过', '运输中', '运送途中', '途中', '暴力运输', '暴力快递', '野蛮装卸', '野蛮分拣', '扔来扔去', '箱子破了', '箱子烂了',
              '箱子变形', '压碎', '压烂', '挤压', '挤坏', '撞坏', '磕坏', '碰坏', '摔裂', '淋湿', '湿透', '到货就坏', '到货破损', '收到时破损', '收货时', '签收时',
              '送来就坏', '送到就坏', '开箱', '摔到', '泡水', '箱子破', '收到就破',
              '運輸破損', '壓壞', '摔壞', '外箱破損', '運送', '紙箱', '壓過', '撞爛', '凹進去', '用丟的', '被丟', '破損', '損壞', '壞掉', '裂開', '運送途中',
              '運輸途中', '野蠻', '壓到', '壓爛', '壓碎', '淋濕', '濕透', '到貨就壞', '開箱', '整親',
              'damaged in transit', 'damaged in shipping', 'in transit', 'crushed', 'dented', 'smashed',
              'arrived damaged', 'arrived broken', 'arrived in pieces', 'in pieces', 'when it arrived', 'on arrival',
              'when it got here', 'outer box', 'thrown', 'chucked', 'mishandled', 'fragile', 'soaking wet',
              'bubble wrap', 'pallet', 'damaged', 'broke', 'cracked', 'shattered', 'box was', 'been dropped',
              'was dropped', 'dropped it', 'damaged during delivery', 'damaged on delivery', 'broken on delivery',
              'arrived smashed', 'arrived cracked', 'arrived dented', 'arrived bent', 'arrived wet', 'box was crushed',
              'box crushed', 'crushed box', 'squashed', 'battered', 'torn box', 'box torn', 'ripped open', 'caved in',
              'wet box', 'rough handling', 'handled roughly', 'thrown around', 'not packed properly',
              'inadequate packaging', 'fragile items',
            ],
          },
          courier: {
            label: '快递员 courier',
            keywords: [
              '快递员', '快递小哥', '送货员', '配送员', '送货师傅', '外卖员', '不送上楼', '送上门', '放门口', '扔门口', '代签', '签收', '搬运费', '物流士',
              '乱扔', '扔在', '丢在', '送上楼', '搬上楼', '骑手', '外卖小哥', '送货的', '送快递的',
              '派件员', '不打电话', '没打电话', '不通知', '直接放', '放快递柜', '不送货上门', '不上门', '让我下楼', '叫我下楼', '自己下来拿', '要我去拿', '额外收费',
              '虚假签收', '假签收', '没敲门', '不敲门', '乱放', '外送', '派错',
              '快遞員', '送貨員', '配送員', '外送員', '司機', '放門口', '代簽', '不送上樓', '樓層費', '送錯', '無人應門', '丟進',
              '送上樓', '外賣員', '貨運司機', '宅配人員', '速遞員', '派件員', '叫我落樓', '沒按門鈴', '冇撳鐘', '假投遞', '惡劣', '派錯',
              'delivery driver', 'delivery man', 'delivery men', 'delivery guy', 'left at the door', 'doorstep',
              'left outside', 'threw', 'over the fence', 'without knocking', 'rang the bell', 'sorry we missed you',
              'missed you', 'wrong house', 'forged', 'bring it up', 'upstairs', 'blocking',
              'postie', 'delivery person', 'rider', 'van driver', 'dumped', 'flung', 'tossed',
              'hid it', 'behind the bin', 'in a hedge', 'left with a neighbour', 'without ringing', "didn't knock",
              "didn't ring", 'never knocked', "didn't even try", 'card through', 'calling card', 'refused to carry',
              "wouldn't carry", 'parked on', 'speeding',
              ...RUDENESS,
            ],
          },
          unspecified: { label: '未细分 unspecified', keywords: [] },
        },
      },
      billing: {
        label: '账务 billing',
        defaultCategory: 'unspecified',
        keywords: [
          '扣款', '扣费', '扣钱', '账单', '收费', '费用', '银行卡', '信用卡', '刷卡', '扣了', '话费', '电费', '月费', '年费', '会员费', '充值', '余额',
          '支付宝', '微信支付', '花呗', '账户', '金额', '张单',
          '帳單', '八達通', '帳戶', '扣錢', '月費', '年費', '會費', '電話費', '轉帳', '金額', '收費', '費用', '張單',
          'charged', 'charge', 'billed', 'billing', 'payment', 'direct debit', 'bank statement', 'my card', 'charges',
          'paid twice', 'debit', 'debited', 'taken from my account', 'taken from my card', 'deducted', 'standing order',
          'credit card', 'debit card', 'card payment', 'transaction',
        ],
        categories: {
          overcharge: {
            label: '多收费 overcharge',
            keywords: [
              '多扣', '多收', '多付', '重复扣款', '扣了两次', '扣两次', '乱收费', '乱扣费', '价格不符', '标价', '结账', '小票', '增值业务', '从来没开过', '优惠券',
              '没减', '差价', '多算', '自动扣款', '算我', '收了我', '差额', '多收钱', '收多了', '扣多了', '收错', '扣错', '价格错误', '价格不对', '标价不符',
              '实付', '实际支付', '加价', '乱加价', '隐形消费', '隐藏费用', '额外收费', '附加费', '服务费', '违规收费', '未经同意', '没同意', '莫名扣费', '不明扣费',
              '扣款两次', '重复收费', '重复支付', '付了两次', '扣了双份', '被扣', '套餐外', '流量费', '增值服务', '订阅', '多扣了', '被多扣', '扣了我两次', '扣了两笔',
              '两笔扣款', '收了两次', '乱扣钱', '多收费', '扣费不对', '账单不对', '账单有误', '金额不对', '比标价贵', '多算了',
              '重複扣款', '亂收費', '亂扣費', '價格不符', '扣了兩次', '刷了兩次', '扣咗兩次', '多收咗', '無啦啦', '折價券', '沒有折', '會員價', '原價', '漫遊費',
              '維護費', '差額', '收錯', '扣錯', '價錢不對', '重複收費', '隱藏收費', '額外收費', '附加費', '服務費', '未經同意', '扣多咗', '俾多咗', '畀多咗',
              '錢扣了兩次', '帳單有誤', '金額不對', '收了我兩次',
              'overcharged', 'charged twice', 'double charge*', 'extra charge*', 'wrong price', 'wrong amount',
              'shelf price', 'at the till', 'service fee', 'admin fee', 'discount', 'full price', 'never agreed',
              'duplicate', 'quoted', 'charged me for', 'extra night', 'overcharging', 'charged more', 'charged extra',
              'extra fee', 'hidden fee*', 'hidden charge*', 'surcharge', 'unexpected charge*', 'unauthorised charge*',
              'unauthorized charge*', 'charged without', "didn't authorise", 'taken twice', 'billed twice',
              'double billed', 'double-charged', 'incorrect charge', 'incorrect bill', 'bill is wrong', 'wrong bill',
              'wrong total', 'price difference', 'price was different', 'more than the price', 'more than advertised',
              'more than quoted', 'more than agreed', 'price increase', 'price rise', 'increased my', 'went up by',
              'charged me twice', 'charged us twice', 'billed me twice', 'charged me more', 'charged me extra',
              'more than i should', 'too much',
            ],
          },
          refund: {
            label: '退款 refund',
            keywords: [
              '退款', '退钱', '退费', '退回', '退给我', '没到账', '退款没到账', '退款慢', '不退款', '迟迟不退', '退款失败', '原路返回', '退款处理中', '押金', '全额退',
              '只退了', '钱呢', '钱没退', '原路退回', '得返', '会退', '没退', '退差价', '差额', '差价', '退剩', '剩余的钱', '还没退', '没有退', '一直没退',
              '迟迟没退', '退了一半', '少退', '退少了', '部分退款', '全额退款', '退款进度', '退款申请', '申请退款', '同意退款', '退款成功', '到账', '定金', '订金',
              '保证金', '退押金', '拒绝退款', '不给退款', '不肯退', '拖着不退', '钱还没退', '没收到退款', '退款还没收到', '退款迟迟', '退款一直', '退款呢', '退的钱',
              '未退款', '尚未退款', '未收到退款', '仲未退', '退返',
              '退費', '退錢', '沒到賬', '入帳', '遲遲不退', '退款失敗', '全額退', '退咗', '一毛錢', '還沒退', '沒有退', '一直沒退', '遲遲未退', '全額退款', '退款進度',
              '申請退款', '到帳', '訂金', '保證金', '唔退錢', '退唔到', '還沒收到退款', '退款未到帳', '退返錢',
              'refund', 'refunded', 'refunds', 'money back', 'my money', 'not refunded', 'refund not received',
              'refund delay*', 'no refund', 'deposit back', 'store credit', 'partial refund', 'face value',
              'money gone', 'goodwill', 'reimburse*', 'get my money', 'getting my money', 'credit back', 'credited',
              'not credited', 'chargeback', 'charge back', 'refund request', 'refund status', 'refund processing',
              'refund still', 'still no refund', "haven't been refunded", 'not been refunded', "wasn't refunded",
              'owed', 'owe me', 'where is my refund', 'waiting for my refund', 'waiting for a refund', "refund hasn't",
              'refund has not', 'not received my refund', "haven't received my refund", "money hasn't come back",
            ],
          },
          invoice: {
            label: '发票 invoice',
            keywords: [
              '发票', '开票', '专票', '普票', '收据', '抬头', '税号', '报销', '开发票', '电子发票', '增值税', '凭证', '开具', '补开', '重开', '作废',
              '不给开发票', '不开发票', '没给发票', '没开发票', '发票没给', '发票还没', '补发票',
              '發票', '開票', '收據', '統編', '統一編號', '三聯式', '載具', '單據', '抬頭', '電子發票', '報帳', '報銷', '補開', '重開', '作廢', '二聯',
              '不給發票', '沒開發票', '發票沒給',
              'invoice', 'receipt', 'fapiao', 'vat', 'expenses', 'reissue', 'invoices', 'vat receipt', 'vat invoice',
              'tax invoice', 'proof of purchase', 'credit note', 'pro forma', 'no invoice', 'never received an invoice',
              'need an invoice', 'invoice is wrong',
            ],
          },
          unspecified: { label: '未细分 unspecified', keywords: [] },
        },
      },
      // DOMAIN §2 (003): property maintenance → the property company.
      property: {
        label: '物业 property',
        defaultCategory: 'unspecified',
        keywords: [
          '物业', '小区', '业主', '楼道', '单元', '开发商', '管理处', '交房', '管理中心', '交屋', '建商', '管理公司', '物业公司', '物业管理', '业委会', '楼盘',
          '单元楼', '楼栋', '住户', '公共区域', '地下车库', '车库', '电梯间', '楼梯间', '门卫', '管家', '物业经理', '新房', '精装房', '毛坯', '地下室', '屋苑',
          '屋邨',
          '物業', '管委會', '管理處', '大廈', '社區', '收樓', '發展商', '大樓', '住戶', '頂樓', '公設', '業主', '法團', '管業處',
          'property manager', 'management company', 'managing agent', 'building manager', 'estate office', 'freeholder',
          'concierge', 'residents', 'block', 'building', 'communal', 'estate', 'development', 'new build', 'my flat',
          'our flat', 'flat above', 'basement flat', 'landlord', 'letting agent', 'leaseholder', 'tenants', 'apartment',
          'apartments', 'condo', 'building management', 'estate management', 'caretaker', 'lobby',
          'underground car park', 'developer', 'housing association',
        ],
        categories: {
          maintenance: {
            label: '维修 maintenance',
            keywords: [
              '报修', '维修不及时', '没人来修', '停水', '停电', '门禁', '对讲', '路灯', '水泵', '暖气', '抽水', '淹水', '没人修', '不来修', '一直没修', '坏了好久',
              '坏了很久', '门锁坏', '大门坏', '单元门', '楼道灯', '断水', '断电', '没水', '水压', '水管', '下水道', '堵了', '堵塞', '管道', '化粪池', '供暖',
              '燃气', '煤气', '消防栓', '监控坏', '塞住', '去水', '淤塞', '消防',
              '報修', '維修不及時', '停電', '門禁', '對講機', '沒人修', '斷水', '斷電', '水壓', '燈壞', '公共設施',
              'power outage', 'repair request', 'no hot water', 'entry door', 'engineer is coming', 'the heating',
              'repairs needed', 'not been fixed', 'never fixed', 'still not fixed', 'outstanding repair', 'reported it',
              'reported the', 'maintenance', 'boiler', 'no heating', 'water pressure', 'no water', 'power cut',
              'blackout', 'blocked drain', 'drains', 'sewage', 'intercom', 'door entry', 'entry system', 'lights out',
              'fire alarm', 'fire door', 'cctv',
            ],
            subcategories: {
              leak: {
                label: '漏水 leak',
                keywords: [
                  '漏水', '渗水', '返潮', '滴水', '水印', '倒灌', '泡坏', '壁癌', '防水层', '渗漏', '返水', '冒水', '积水', '水渍', '发霉', '霉斑', '霉点',
                  '受潮', '潮湿', '墙面发霉', '天花板漏', '屋顶漏', '楼顶漏', '卫生间漏', '管道漏', '水管爆', '爆管', '被淹', '水痕', '爆水管', '淹水',
                  '滲水', '發霉', '潮濕', '積水', '水漬',
                  'leak*', 'seep*', 'water damage', 'damp', 'floods', 'drips', 'dripping', 'overflowed', 'mould',
                  'mold', 'mildew', 'condensation', 'water coming in', 'water coming through', 'water stain*',
                  'ceiling stain', 'flooded', 'flooding', 'burst pipe', 'pipe burst', 'wet wall',
                ],
              },
              elevator: {
                label: '电梯 elevator',
                keywords: [
                  '电梯', '困人', '升降机', '扶梯', '自动扶梯', '困电梯', '被困', '关人', '电梯故障', '电梯停运',
                  '電梯', '升降機', '扶手電梯',
                  'elevator', 'lift', 'lifts', 'escalator', 'stuck in the lift', 'trapped',
                ],
              },
              structure: {
                label: '房屋质量 structure',
                keywords: [
                  '墙面开裂', '墙皮', '空鼓', '裂缝', '外墙', '瓷砖', '天花板', '石屎', '掉下来', '剥落', '墙面', '沉降', '下沉', '倾斜', '地面开裂',
                  '地板起拱', '地砖', '门窗', '阳台', '房屋质量', '地板隆起', '下陷', '窗框', '海砂屋',
                  '牆面開裂', '牆皮脫落', '裂縫', '磁磚', '水泥塊', '鋼筋', '龜裂', '牆壁', '外牆', '剝落', '傾斜',
                  'wall crack*', 'cracks', 'crack running', 'render', 'subsidence', 'surveyor', 'slope', 'skirting',
                  'cracking', 'crumbling', 'plaster', 'plasterboard', 'structural', 'foundation*', 'walls',
                  'ceiling collapse', 'sagging', 'sloping', 'tiles', 'window frame', 'balcony', 'cladding', 'roof',
                ],
              },
            },
          },
          environment: {
            label: '环境 environment',
            keywords: [
              '噪音', '扰民', '广场舞', '卫生', '绿化', '车位', '保安', '被偷', '楼道', '打扫', '蚊子', '老鼠', '流浪狗', '装修', '垃圾房', '蟑螂老鼠', '泳池',
              '中庭', '垃圾桶', '垃圾站', '垃圾没人', '清运', '太吵', '施工', '狗叫', '宠物', '狗屎', '狗粪', '乱堆', '堆放', '杂物', '占用', '占道', '停车位',
              '乱停车', '乱停', '车位被占', '草坪', '蚊虫', '脏乱差', '环境差', '保洁', '外来人员', '陌生人', '被盗', '失窃', '治安', '很吵', '狗吠', '吵闹',
              '吵死', '泊车', '好嘈', '太嘈', '嘈吵', '嘈杂', '嘈音',
              '衛生', '綠化', '車位', '警衛', '爆竊', '裝潢', '寵物', '雜物', '佔用', '亂停車', '骯髒', '很髒', '清潔', '失竊', '泊車位',
              'noise', 'garbage', 'rubbish', 'bins', 'cleanliness', 'parking', 'parks in', 'security guard', 'rats',
              'mice', 'pest', 'fly tipping', 'overgrown', 'playground', 'dog mess', 'hallway', 'stairs', 'music',
              'parties', 'construction', 'building work', 'dogs', 'barking', 'litter', 'overflowing', 'stink*', 'pests',
              'vermin', 'dirty', 'filthy', 'unclean', 'not cleaned', 'grass', 'parking space', 'parked in my',
              'break-ins', 'burglar*', 'burglary', 'antisocial', 'anti-social',
            ],
          },
          fees: {
            label: '物业费 fees',
            keywords: [
              '物业费', '管理费', '停车管理费', '维修基金', '公共基金', '涨价', '涨了', '账目', '公示', '收费标准', '停车费', '公摊', '公摊费', '水电费', '分摊',
              '收费不透明', '不公开', '催缴', '滞纳金', '管理基金', '公告',
              '物業費', '管理費', '加價', '帳目', '重繳', '清洗費', '停車費', '公設費', '漲價', '收費不合理', '大維修',
              'property fee', 'management fee', 'service charge', 'ground rent', 'sinking fund', 'levy', 'accounts',
              'gardening', 'breakdown of costs', 'reserve fund', 'major works', 'annual charge', 'maintenance charge',
              'estate charge', 'parking permit', 'parking fee',
            ],
          },
          unspecified: { label: '未细分 unspecified', keywords: [] },
        },
      },
      other: {
        label: '其他 other',
        defaultCategory: 'unspecified',
        categories: {
          privacy: {
            label: '隐私 privacy',
            keywords: [
              '泄露', '泄漏', '个人信息', '隐私', '骚扰电话', '推销电话', '推销', '信息卖', '通讯录', '全名', '身份证号', '信息泄露', '骚扰短信', '垃圾短信',
              '广告短信', '营销短信', '短信轰炸', '电话轰炸', '倒卖', '出卖', '信息被卖', '被泄露', '号码泄露', '地址泄露', '住址', '权限', '定位', '偷拍', '个人资料',
              '洩露', '外洩', '個人信息', '個資', '隱私', '騷擾電話', '推銷', '刪除帳號', '身分證', '會員資料', '通訊錄', '個人資料', '資料外洩', '洩漏', '騷擾簡訊',
              '簡訊', '廣告簡訊', '詐騙電話', '私隱', '個人私隱',
              'privacy', 'personal data', 'data leak', 'data breach', 'spam call*', 'my data', 'sell my data',
              'marketing', 'gdpr', 'delete my data', 'contacts', 'date of birth', 'bank details', 'full name',
              'photos inside', 'personal information', 'personal details', 'my details', 'my information',
              'data protection', 'shared my', 'passed on my', 'sold my', 'spam', 'spam texts', 'spam emails',
              'marketing calls', 'cold calls', 'nuisance calls', 'unsolicited', 'opt out', 'unsubscribe*', 'consent',
              'without my consent', 'without permission', 'home address', 'phone number', 'location', 'full address',
              'my personal',
            ],
          },
          unspecified: { label: '未细分 unspecified', keywords: [] },
        },
      },
    },
  },
  // CONTRACT "Triage API": default routing (editable).
  routing: {
    types: {
      product: 'quality',
      service: 'customer-service',
      staff: 'customer-service',
      process: 'operations',
      logistics: 'logistics',
      billing: 'finance',
      property: 'property',
      other: 'customer-service',
    },
    overrides: [],
  },
  classification: { confidenceThreshold: 0.4, titleWeight: 2 },
  severity: {
    default: 'general',
    // DOMAIN §2 table, III major: safety hazard; threat to go to a regulator or the media.
    flags: {
      safetyIncident: 'major',
      regulatorInvolved: 'major',
      mediaThreat: 'major',
      mediaExposed: 'major',
      lawsuitFiled: 'major',
      legalThreat: 'serious',
    },
    rules: [
      {
        // DOMAIN §2 III: safety hazard.
        id: 'safety-hazard',
        severity: 'major',
        keywords: [
          '爆炸', '爆裂', '起火', '着火', '自燃', '冒烟', '烧焦', '漏电', '触电', '电击', '烫伤', '烧伤', '割伤', '划伤', '受伤', '中毒', '过敏', '窒息',
          '住院', '送医', '急诊', '致癌', '有毒',
          '著火', '冒煙', '燒焦', '漏電', '觸電', '電擊', '燙傷', '燒傷', '割傷', '劃傷', '受傷', '過敏', '送醫', '急診',
          'explosion', 'exploded', 'explode*', 'fire', 'caught fire', 'on fire', 'smoke', 'sparks', 'electric shock',
          'electrocut*', 'burn', 'burned', 'burnt', 'scald*', 'injury', 'injured', 'poison*', 'toxic',
          'allergic reaction', 'choking', 'hospital*', 'emergency room',
        ],
      },
      {
        // DOMAIN §2 III: batch quality problem.
        id: 'batch-quality',
        severity: 'major',
        keywords: [
          '整批', '批次问题', '批量问题', '批量质量', '同一批次都', '召回',
          '批次問題', '批量問題', '批量質量',
          'entire batch', 'whole batch', 'batch problem', 'recall',
        ],
      },
      {
        // DOMAIN §2 III: threat to go to a regulator or the media.
        id: 'regulator-or-media-threat',
        severity: 'major',
        keywords: [
          '消协', '消费者协会', '市场监管', '市场监督管理局', '工商局', '找媒体', '找记者', '媒体曝光', '向媒体', '找电视台', '上热搜', '曝光你们',
          '消協', '消費者協會', '市場監管', '找媒體', '找記者', '媒體曝光', '找電視台', '上熱搜', '曝光你們',
          '12315', 'regulator', 'consumer association', 'consumer council', 'journalist', 'reporter', 'go to the media',
          'go public',
        ],
      },
      {
        // Legal threats: not in the severity table; a 12-hour answer (README decisions).
        id: 'legal-threat',
        severity: 'serious',
        keywords: [
          '律师', '起诉', '打官司', '律师函', '法院', '诉讼',
          '律師', '起訴', '律師函', '訴訟',
          'lawyer', 'attorney', 'sue', 'lawsuit', 'legal action',
        ],
      },
      {
        // DOMAIN §2 II serious: core function fails, product unusable.
        id: 'core-function-failure',
        severity: 'serious',
        keywords: [
          '无法使用', '不能使用', '不能用', '用不了', '完全坏了', '彻底坏了', '无法开机', '开不了机', '不开机', '无法启动', '启动不了', '死机', '黑屏', '失灵', '不工作',
          '报废', '无法充电', '充不进电',
          '無法使用', '完全壞了', '徹底壞了', '無法開機', '開不了機', '無法啟動', '當機', '失靈', '報廢', '無法充電',
          'not working', "doesn't work", 'does not work', 'stopped working', "won't turn on", "won't start",
          'dead on arrival', 'unusable', 'completely broken',
        ],
      },
      {
        // DOMAIN §2 (000) minor: questions, rule misunderstandings — answered at first contact.
        id: 'consultation',
        severity: 'minor',
        keywords: [
          '请问', '咨询', '想了解', '想问一下', '请教', '是否可以', '能否告知',
          '請問', '諮詢', '想問一下', '請教',
          'question', 'enquiry', 'inquiry', 'how do i', 'how can i', 'could you tell me', 'wondering',
        ],
      },
    ],
  },
  escalation: {
    // DOMAIN §2 (003): lawsuit filed or exposed by the media → major; may lead to a lawsuit or
    // media exposure → hot. Regulator and safety flags: hot (README decisions).
    flags: {
      lawsuitFiled: 'major',
      mediaExposed: 'major',
      legalThreat: 'hot',
      mediaThreat: 'hot',
      regulatorInvolved: 'hot',
      safetyIncident: 'hot',
    },
    // DOMAIN §2 (003): collective complaint of ≥ 5 people → major, ≥ 3 → hot.
    collective: [
      { id: 'collective-3', minComplainants: 3, class: 'hot' },
      { id: 'collective-5', minComplainants: 5, class: 'major' },
    ],
    // DOMAIN §2 (003): ≥ 3 complaints of the same type from different complainants within one
    // month, about one concrete subject: a product (SKU, batch, model) or a staff member.
    // Complaints that share only a type and a category never form a cluster.
    cluster: {
      windowDays: 30,
      rules: [{ id: 'cluster-3', minComplainants: 3, class: 'hot' }],
      subjects: ['productSku', 'batchNo', 'productModel', 'staffId'],
    },
    // DOMAIN §2 (003): the same problem complained about again after it was closed → important.
    repeatAfterClosure: 'important',
    hotTopic: 'hot',
    // DOMAIN §2 (003): unresolved > 1 week → hot, > 1 month → major.
    unresolvedAge: [
      { id: 'unresolved-7d', afterDays: 7, class: 'hot' },
      { id: 'unresolved-30d', afterDays: 30, class: 'major' },
    ],
    keywordRules: [
      {
        // DOMAIN §2 (003) hot: may lead to a lawsuit or media exposure.
        id: 'legal-or-media-threat',
        class: 'hot',
        keywords: [
          '起诉', '打官司', '律师函', '找律师', '找媒体', '找记者', '媒体曝光', '找电视台', '上热搜', '曝光你们',
          '起訴', '律師函', '找律師', '找媒體', '找記者', '媒體曝光', '找電視台', '上熱搜', '曝光你們',
          'sue', 'lawsuit', 'lawyer', 'attorney', 'legal action', 'journalist', 'go to the media', 'go public',
        ],
      },
      {
        // DOMAIN §2 (003) important: needs outside experts or another company's help.
        id: 'outside-help',
        class: 'important',
        keywords: [
          '第三方检测', '第三方鉴定', '司法鉴定', '专业鉴定', '鉴定机构', '检测机构',
          '第三方檢測', '第三方鑑定', '司法鑑定', '專業鑑定', '鑑定機構', '檢測機構',
          'independent test*', 'third-party test*', 'expert opinion',
        ],
      },
    ],
    // DOMAIN §2 (003): who approves; major, hot and important are reported to headquarters.
    classes: {
      major: {
        approver: 'product-decision-committee',
        // DOMAIN §3: the project general manager leads a major complaint's crisis task force.
        notify: ['project-general-manager'],
        reportToHeadquarters: true,
      },
      hot: { approver: 'project-general-manager', notify: [], reportToHeadquarters: true },
      important: { approver: 'division-head', notify: [], reportToHeadquarters: true },
      general: { approver: 'project-general-manager', notify: [], reportToHeadquarters: false },
    },
    headquarters: 'headquarters-complaint-management',
  },
  sla: {
    targets: {
      // DOMAIN §2 (000): minor — answered at first contact; by the same time next working day.
      minor: { clock: 'business', resolveWithin: { days: 1 } },
      // DOMAIN §2 table I: resolution 24 h.
      general: { clock: 'business', resolveWithin: { hours: 24 } },
      // DOMAIN §2 table II: response 12 h, resolution 48 h.
      serious: { clock: 'business', respondWithin: { hours: 12 }, resolveWithin: { hours: 48 } },
      // DOMAIN §2 table III: response 15 min, plan 2 h, compensation plan 48 h, around the clock.
      major: {
        clock: '24/7',
        respondWithin: { minutes: 15 },
        planWithin: { hours: 2 },
        resolveWithin: { hours: 48 },
      },
    },
    // DOMAIN §2 customer value: high-tier clocks run a quarter faster; nobody's run slower.
    customerTiers: { high: { factor: 0.75 }, medium: { factor: 1 }, low: { factor: 1 } },
  },
  calendar: {
    name: chinaMainland2026.name,
    timeZone: chinaMainland2026.timeZone,
    workingDays: [...(chinaMainland2026.workingDays ?? [])],
    workingHours: (chinaMainland2026.workingHours ?? []).map((range) => ({ ...range })),
    holidays: [...(chinaMainland2026.holidays ?? [])],
    workdays: [...(chinaMainland2026.workdays ?? [])],
  },
};

/** The default policy, frozen all the way down; copy it (`structuredClone`) to edit. */
export const DEFAULT_TRIAGE_POLICY: Readonly<TriagePolicy> = deepFreeze(policy);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}
