// Strings of the sign-in through the identity provider (OIDC) and of the error boundary.
export const en = {
  auth: {
    redirecting: 'Taking you to the identity provider…',
    completing: 'Completing the sign-in…',
    callbackFailed: 'The identity provider’s answer could not be used. Try signing in again.',
    notConfigured:
      'Sign-in through the identity provider is not configured (CONSOLE_OIDC_ISSUER and CONSOLE_OIDC_CLIENT_ID).',
    tryAgain: 'Sign in again',
  },
  errorBoundary: {
    title: 'This page could not be shown',
    body: 'Something went wrong while showing this page. Your work saved with the services is safe. Try again, or go back to the queue.',
    details: 'Technical details',
    retry: 'Try again',
    toQueue: 'Back to the queue',
  },
};

export const zh: typeof en = {
  auth: {
    redirecting: '正在转到身份提供方……',
    completing: '正在完成登录……',
    callbackFailed: '无法使用身份提供方的应答，请重新登录。',
    notConfigured: '尚未配置通过身份提供方登录（CONSOLE_OIDC_ISSUER 和 CONSOLE_OIDC_CLIENT_ID）。',
    tryAgain: '重新登录',
  },
  errorBoundary: {
    title: '此页面无法显示',
    body: '显示此页面时出错。已提交到各服务的工作不受影响。请重试，或返回案件队列。',
    details: '技术细节',
    retry: '重试',
    toQueue: '返回案件队列',
  },
};
