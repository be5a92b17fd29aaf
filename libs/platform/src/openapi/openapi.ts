import { applyDecorators, type INestApplication } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  DocumentBuilder,
  SwaggerModule,
  getSchemaPath,
  type OpenAPIObject,
} from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, statusTitle } from '../errors/problem';
import { describeValidationRules } from './validation-rules';

export interface OpenApiOptions {
  title: string;
  description?: string;
  version?: string;
  /** Swagger UI's path; the document is served at `<path>-json`. */
  path?: string;
}

/**
 * Swagger UI at `GET /docs`, the OpenAPI document at `GET /docs-json`, with the bearer scheme
 * declared (controllers opt in with `@ApiBearerAuth()`). Both are plain Express routes, outside
 * the guard, so they need no token. Every DTO's validation rules are in the document
 * (`describeValidationRules`).
 */
export function setupOpenApi(app: INestApplication, options: OpenApiOptions): OpenAPIObject {
  const path = options.path ?? 'docs';
  describeValidationRules();
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description ?? '')
    .setVersion(options.version ?? '1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDocument, FieldErrorDocument],
  });
  SwaggerModule.setup(path, app, document, { jsonDocumentUrl: `${path}-json` });
  return document;
}

export class FieldErrorDocument {
  @ApiProperty({ example: 'customer.phone' })
  field!: string;

  @ApiProperty({ example: 'must be a string' })
  message!: string;
}

/** RFC 9457 problem document, as the platform's filter writes it. */
export class ProblemDocument {
  @ApiProperty({ example: 'urn:redress:problem:validation' })
  type!: string;

  @ApiProperty({ example: 'Invalid request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'customer.phone: must be a string' })
  detail!: string;

  @ApiPropertyOptional({ example: '/complaints' })
  instance?: string;

  @ApiPropertyOptional({ example: '0b0f6a0e-5d47-4a8e-9a59-0c6f3c1f9a61' })
  correlationId?: string;

  @ApiPropertyOptional({ type: [FieldErrorDocument] })
  errors?: FieldErrorDocument[];
}

/** Documents `application/problem+json` answers: `@ApiProblems(400, 401, 403, 409)`. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDocument, FieldErrorDocument),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: statusTitle(status),
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDocument) } } },
      }),
    ),
  );
}
