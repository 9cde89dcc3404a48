// The "Ask" box: a free-text question to the assistant agent (POST /agents/ask); shows the
// answer, whether the language model was used, the facts it rests on, and its thread.
import { Alert, Anchor, Badge, Button, Code, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { errorMessage } from '../../api/problem';
import { t } from '../../i18n';
import { serverFieldErrors } from '../admin/shared/fieldErrors';
import { threadPath } from '../approvals/links';
import { useAsk } from './api';
import { pretty, present } from './model';

const g = t.agents;

export function AskBox() {
  const ask = useAsk();
  const [question, setQuestion] = useState('');
  const [missing, setMissing] = useState(false);
  const fieldError = serverFieldErrors(ask.error).question;
  const submit = () => {
    if (question.trim() === '') {
      setMissing(true);
      return;
    }
    setMissing(false);
    ask.mutate(question.trim());
  };
  const answer = ask.data;
  return (
    <Paper withBorder p="md" radius="sm" data-testid="ask-box">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {g.ask}
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Stack gap="xs">
            <Textarea
              label={g.question}
              placeholder={g.questionPlaceholder}
              value={question}
              onChange={(e) => setQuestion(e.currentTarget.value)}
              error={missing ? g.questionRequired : fieldError}
              autosize
              minRows={2}
              maxRows={6}
              maxLength={2000}
            />
            <Group>
              <Button type="submit" loading={ask.isPending}>
                {g.send}
              </Button>
            </Group>
          </Stack>
        </form>
        {ask.isError && !fieldError && (
          <Alert color="red" role="alert">
            {errorMessage(ask.error)}
          </Alert>
        )}
        {answer && (
          <Stack gap="xs" data-testid="ask-answer" aria-live="polite">
            <Group gap="xs">
              <Text size="xs" c="gray.7" tt="uppercase" fw={600}>
                {g.answer}
              </Text>
              <Badge size="sm" variant="light" color={answer.used_model ? 'indigo' : 'gray'} c="dark.8" data-testid="ask-used-model" data-used={String(answer.used_model)}>
                {answer.used_model ? g.usedModel : g.noModel}
              </Badge>
              {answer.thread_id && (
                <Anchor component={Link} to={threadPath(answer.thread_id)} size="xs">
                  {g.openThread(answer.thread_id)}
                </Anchor>
              )}
            </Group>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {answer.answer}
            </Text>
            {present(answer.facts) && (
              <details>
                <summary>
                  <Text span size="sm">
                    {g.facts}
                  </Text>
                </summary>
                <Code block tabIndex={0} fz="xs" mt={4}>
                  {pretty(answer.facts)}
                </Code>
              </details>
            )}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
