import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call, staffApi } from '../../api';
import { FormError } from '../../ui/form';

/** Recomputes the figures now (they are otherwise recomputed on a schedule). */
export function RecomputeButton({ supplierId }: { supplierId?: number }) {
  const queryClient = useQueryClient();
  const recompute = useMutation({
    mutationFn: () => call(staffApi.POST('/api/performance/recompute', { params: { query: { supplierId } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['performance'] });
      void queryClient.invalidateQueries({ queryKey: ['supplier-performance'] });
    },
  });
  return (
    <>
      <button
        type="button"
        className="button button--small"
        onClick={() => recompute.mutate()}
        disabled={recompute.isPending}
      >
        {recompute.isPending ? 'Recomputing…' : 'Recompute now'}
      </button>
      <FormError error={recompute.error} fields={[]} title="Not recomputed" />
    </>
  );
}
