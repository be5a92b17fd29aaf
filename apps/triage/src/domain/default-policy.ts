import { chinaMainland2026 } from '@redress/business-time';
import type { TriagePolicy } from './triage-policy';

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
        categories: {
          quality: {
            label: '质量 quality',
            keywords: [
              '质量问题', '质量差', '做工', '瑕疵', '次品', '开裂', '划痕', '掉漆', '生锈', '褪色', '变形', '脱线', '异味',
              '質量問題', '品質', '做工差', '開裂', '劃痕', '生鏽', '變形', '異味',
              'defect', 'defective', 'poor quality', 'scratch', 'scratched', 'rust', 'rusty', 'faded',
            ],
            subcategories: {
              'foreign-object': {
                label: '异物 foreign object',
                keywords: [
                  '异物', '苍蝇', '虫子', '头发', '玻璃渣', '铁屑',
                  '異物', '蒼蠅', '蟲子', '頭髮',
                  'foreign object', 'fly', 'insect', 'hair', 'glass shard', 'bug',
                ],
              },
              damaged: {
                label: '破损 damaged',
                keywords: [
                  '破损', '损坏', '碎了', '裂开', '坏了',
                  '破損', '損壞', '裂開', '壞了',
                  'damaged', 'broken', 'cracked', 'shattered',
                ],
              },
              spoiled: {
                label: '变质过期 spoiled or expired',
                keywords: [
                  '过期', '变质', '发霉', '霉变', '馊了', '酸败',
                  '過期', '變質', '發霉', '黴變',
                  'expired', 'spoiled', 'mouldy', 'moldy', 'rotten', 'gone off',
                ],
              },
              counterfeit: {
                label: '假冒 counterfeit',
                keywords: ['假货', '假冒', '仿冒', '山寨', '假貨', 'counterfeit', 'fake'],
              },
            },
          },
          function: {
            label: '功能 function',
            keywords: [
              '功能', '不好用', '故障', '卡顿', '失灵', '死机', '黑屏', '连不上', '充不进电', '续航',
              '失靈', '當機', '卡頓', '連不上', '續航',
              'malfunction*', 'glitch', 'freezes', 'freezing', 'crashes', 'battery life',
            ],
            subcategories: {
              'not-working': {
                label: '无法使用 not working',
                keywords: [
                  '无法使用', '不能用', '用不了', '无法开机', '开不了机', '不开机', '不工作', '罢工',
                  '無法使用', '無法開機', '開不了機', '不開機',
                  'not working', "doesn't work", 'does not work', 'stopped working', "won't turn on",
                  'dead on arrival',
                ],
              },
              'not-as-described': {
                label: '与描述不符 not as described',
                keywords: [
                  '与描述不符', '货不对板', '和宣传不一样', '虚假宣传', '与宣传不符',
                  '與描述不符', '貨不對板', '虛假宣傳',
                  'not as described', 'misleading', 'false advertising',
                ],
              },
            },
          },
          safety: {
            label: '安全 safety',
            keywords: [
              '安全隐患', '爆炸', '起火', '着火', '冒烟', '漏电', '触电', '烫伤', '烧伤', '中毒', '过敏',
              '安全隱患', '著火', '冒煙', '漏電', '觸電', '燙傷', '燒傷', '過敏',
              'safety', 'hazard', 'explo*', 'fire', 'smoke', 'electric shock', 'scald*', 'poison*',
            ],
          },
          packaging: {
            label: '包装与配件 packaging and parts',
            keywords: [
              '包装', '漏液', '缺件', '少件', '配件缺失', '说明书',
              '包裝', '說明書',
              'packaging', 'missing part', 'manual', 'leaking',
            ],
          },
          unspecified: { label: '未细分 unspecified', keywords: [] },
        },
      },
      // DOMAIN §2 (000): service — slow response, attitude, professionalism.
      service: {
        label: '服务 service',
        defaultCategory: 'unspecified',
        categories: {
          response: {
            label: '响应慢 slow response',
            keywords: [
              '没人回复', '不回复', '回复慢', '等了很久', '打不通', '没人接', '一直没处理', '没有回音', '拖延', '推诿',
              '沒人回覆', '不回覆', '回覆慢', '沒人接', '一直沒處理', '推諉',
              'no reply', 'no response', 'slow response', 'never called back', 'on hold', 'ignored',
            ],
          },
          attitude: {
            label: '态度 attitude',
            keywords: [
              '态度差', '态度恶劣', '态度不好', '不耐烦', '骂人', '辱骂', '敷衍', '冷漠', '挂电话', '不理人',
              '態度差', '態度惡劣', '態度不好', '不耐煩', '罵人', '辱罵', '掛電話',
              'rude', 'impolite', 'unfriendly', 'hung up', 'disrespectful', 'bad attitude',
            ],
          },
          professionalism: {
            label: '专业性 professionalism',
            keywords: [
              '不专业', '一问三不知', '答非所问', '解释不清', '说法不一', '误导',
              '不專業', '一問三不知', '答非所問', '解釋不清', '說法不一', '誤導',
              'unprofessional', 'incompetent', 'misinformed', 'wrong information', 'contradictory',
            ],
          },
          'after-sales': {
            label: '售后 after-sales',
            keywords: [
              '售后', '维修', '保修', '退换货', '退货', '换货',
              '售後', '維修', '退換貨', '退貨', '換貨',
              'after-sales', 'repair', 'warranty', 'return', 'exchange',
            ],
          },
          unspecified: { label: '未细分 unspecified', keywords: [] },
        },
      },
      // DOMAIN §2 (004): staff → professionalism | attitude.
      staff: {
        label: '员工 staff',
        defaultCategory: 'unspecified',
        categories: {
          attitude: {
            label: '态度 attitude',
            keywords: [
              '服务员', '店员', '工作人员', '态度恶劣', '骂人', '不耐烦',
              '服務員', '店員', '工作人員', '態度惡劣', '罵人',
              'staff member', 'employee', 'cashier', 'shop assistant', 'rude staff',
            ],
          },
          professionalism: {
            label: '专业性 professionalism',
            keywords: ['业务不熟', '操作失误', '業務不熟', '操作失誤', 'careless', 'mistake'],
          },
          misconduct: {
            label: '违规 misconduct',
            keywords: [
              '收红包', '索要', '吃回扣', '私下收费', '骚扰', '威胁',
              '收紅包', '私下收費', '騷擾', '威脅',
              'bribe', 'harass*', 'threaten*', 'misconduct',
            ],
          },
          unspecified: { label: '未细分 unspecified', keywords: [] },
        },
      },
      // DOMAIN §2 (000): experience — cumbersome process, unreasonable rules.
      process: {
        label: '流程 process',
        defaultCategory: 'unspecified',
        categories: {
          cumbersome: {
            label: '流程繁琐 cumbersome',
            keywords: [
              '流程繁琐', '手续复杂', '太麻烦', '跑了好几趟', '材料太多', '步骤太多',
              '流程繁瑣', '手續複雜', '太麻煩', '跑了好幾趟',
              'complicated', 'cumbersome', 'too many steps', 'paperwork', 'bureaucra*',
            ],
          },
          'unreasonable-rules': {
            label: '规则不合理 unreasonable rules',
            keywords: [
              '霸王条款', '规定不合理', '不给退', '不让退', '强制', '捆绑销售',
              '霸王條款', '規定不合理', '不給退', '不讓退', '強制', '捆綁銷售',
              'unfair', 'unreasonable', 'hidden terms', 'forced',
            ],
          },
          unspecified: { label: '未细分 unspecified', keywords: [] },
        },
      },
      // DOMAIN §2 (004, 003): logistics — warehouse and packaging.
      logistics: {
        label: '物流 logistics',
        defaultCategory: 'unspecified',
        categories: {
          delay: {
            label: '配送延误 delay',
            keywords: [
              '物流慢', '快递慢', '没发货', '迟迟不发货', '延迟', '延误', '还没到', '一直没到', '物流停滞', '超时',
              '快遞慢', '沒發貨', '延遲', '延誤', '還沒到', '一直沒到', '超時',
              'late delivery', 'delayed', 'delay', 'not delivered', 'not arrived', 'still waiting',
            ],
          },
          lost: {
            label: '丢件 lost',
            keywords: [
              '丢件', '丢失', '没收到', '快递丢了', '丟件', '丟失', '沒收到',
              'lost parcel', 'lost package', 'never arrived', 'not received',
            ],
          },
          'damaged-in-transit': {
            label: '运输损坏 damaged in transit',
            keywords: [
              '运输破损', '压坏', '摔坏', '外箱破损', '運輸破損', '壓壞', '摔壞', '外箱破損',
              'damaged in transit', 'crushed', 'dented',
            ],
          },
          courier: {
            label: '快递员 courier',
            keywords: [
              '快递员', '送货员', '配送员', '不送上楼', '放门口', '代签',
              '快遞員', '送貨員', '配送員', '放門口', '代簽',
              'courier', 'delivery driver', 'left at the door',
            ],
          },
          unspecified: { label: '未细分 unspecified', keywords: [] },
        },
      },
      billing: {
        label: '账务 billing',
        defaultCategory: 'unspecified',
        categories: {
          overcharge: {
            label: '多收费 overcharge',
            keywords: [
              '多扣', '多收', '重复扣款', '乱收费', '乱扣费', '价格不符', '扣了两次',
              '重複扣款', '亂收費', '亂扣費', '價格不符', '扣了兩次',
              'overcharged', 'charged twice', 'double charge*', 'extra charge*', 'wrong price',
            ],
          },
          refund: {
            label: '退款 refund',
            keywords: [
              '退款没到账', '退款慢', '不退款', '迟迟不退', '退款失败',
              '退款沒到賬', '遲遲不退', '退款失敗',
              'refund not received', 'refund delay*', 'no refund',
            ],
          },
          invoice: {
            label: '发票 invoice',
            keywords: ['发票', '开票', '收据', '發票', '開票', '收據', 'invoice', 'receipt', 'fapiao'],
          },
          unspecified: { label: '未细分 unspecified', keywords: [] },
        },
      },
      // DOMAIN §2 (003): property maintenance → the property company.
      property: {
        label: '物业 property',
        defaultCategory: 'unspecified',
        categories: {
          maintenance: {
            label: '维修 maintenance',
            keywords: ['报修', '维修不及时', '停水', '停电', '報修', '維修不及時', '停電', 'power outage', 'repair request'],
            subcategories: {
              leak: {
                label: '漏水 leak',
                keywords: ['漏水', '渗水', '返潮', '滲水', 'leak*', 'seep*', 'water damage'],
              },
              elevator: {
                label: '电梯 elevator',
                keywords: ['电梯', '電梯', 'elevator', 'lift'],
              },
              structure: {
                label: '房屋质量 structure',
                keywords: ['墙面开裂', '墙皮脱落', '空鼓', '牆面開裂', '牆皮脫落', 'wall crack*'],
              },
            },
          },
          environment: {
            label: '环境 environment',
            keywords: [
              '噪音', '垃圾', '卫生', '绿化', '停车', '保安', '衛生', '綠化', '停車',
              'noise', 'garbage', 'rubbish', 'cleanliness', 'parking', 'security guard',
            ],
          },
          fees: {
            label: '物业费 fees',
            keywords: ['物业费', '物業費', 'property fee', 'management fee', 'service charge'],
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
              '泄露', '个人信息', '隐私', '骚扰电话', '洩露', '個人信息', '個資', '隱私', '騷擾電話',
              'privacy', 'personal data', 'data leak', 'spam call*',
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
  classification: { confidenceThreshold: 0.6, titleWeight: 2 },
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
          '爆炸', '爆裂', '起火', '着火', '自燃', '冒烟', '烧焦', '漏电', '触电', '电击', '烫伤', '烧伤', '割伤', '划伤',
          '受伤', '中毒', '过敏', '窒息', '住院', '送医', '急诊', '致癌', '有毒',
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
          '12315', '消协', '消费者协会', '市场监管', '市场监督管理局', '工商局', '找媒体', '找记者', '媒体曝光',
          '向媒体', '找电视台', '上热搜', '曝光你们',
          '消協', '消費者協會', '市場監管', '找媒體', '找記者', '媒體曝光', '找電視台', '上熱搜', '曝光你們',
          'regulator', 'consumer association', 'consumer council', 'journalist', 'reporter',
          'go to the media', 'go public',
        ],
      },
      {
        // Legal threats: not in the severity table; a 12-hour answer (README decisions).
        id: 'legal-threat',
        severity: 'serious',
        keywords: [
          '律师', '起诉', '打官司', '律师函', '法院', '诉讼', '律師', '起訴', '律師函', '訴訟',
          'lawyer', 'attorney', 'sue', 'lawsuit', 'legal action',
        ],
      },
      {
        // DOMAIN §2 II serious: core function fails, product unusable.
        id: 'core-function-failure',
        severity: 'serious',
        keywords: [
          '无法使用', '不能使用', '不能用', '用不了', '完全坏了', '彻底坏了', '无法开机', '开不了机', '不开机',
          '无法启动', '启动不了', '死机', '黑屏', '失灵', '不工作', '报废', '无法充电', '充不进电',
          '無法使用', '完全壞了', '徹底壞了', '無法開機', '開不了機', '無法啟動', '當機', '失靈', '報廢', '無法充電',
          'not working', "doesn't work", 'does not work', 'stopped working', "won't turn on",
          "won't start", 'dead on arrival', 'unusable', 'completely broken',
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
