// One lint configuration for every package. The domain rule keeps business logic pure:
// nothing under a service's src/domain may import NestJS, TypeORM, kafkajs or pg.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/.cache/**', '**/.data/**', '**/coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-empty': ['error', { allowEmptyCatch: false }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The web console (apps/console): React in the browser, the hooks' rules of React's team.
    files: ['apps/console/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['apps/*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '@nestjs/*',
            'typeorm',
            'kafkajs',
            'pg',
            '@redress/messaging',
            '@redress/nest-messaging',
            '@redress/event-store',
            '@redress/platform',
            '@redress/timers',
          ],
        },
      ],
    },
  },
  {
    // Request DTOs: null is not "absent" (@Omittable), arrays are checked in linear time
    // (@UniqueItems), dates are what events can carry (@IsInstant). See libs/platform/README.md.
    files: ['apps/*/src/http/**/*.ts', 'libs/platform/src/http/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'class-validator',
              importNames: ['IsOptional', 'ArrayUnique', 'IsISO8601', 'IsDateString'],
              message: 'use Omittable, UniqueItems or IsInstant from @redress/platform',
            },
          ],
        },
      ],
    },
  },
  {
    // Kafka without a framework: NestJS glue belongs in libs/nest-messaging.
    files: ['libs/messaging/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@nestjs/*', '@redress/nest-messaging'] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
